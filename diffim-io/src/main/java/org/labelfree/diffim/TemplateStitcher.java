package org.labelfree.diffim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageF;
import org.labelfree.image.InvalidDataException;
import org.labelfree.image.Mask;
import org.labelfree.image.MaskPlanes;
import org.labelfree.image.Psf;
import org.labelfree.image.RowBands;
import org.labelfree.wcs.Wcs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the template of a science exposure from coadd patches, as LSST's {@code GetTemplateTask} does: warps each
 * patch that overlaps the destination box onto the destination grid with {@link Warper} and stitches them.
 *
 * <p>A patch overlaps when the outline of its pixel box (sampled every 1/8 of each side, mapped through the sky onto
 * the destination grid) intersects the destination box; patches that do not are skipped without being warped, and
 * an overlapping patch is warped only over the part of the destination box its outline covers (plus a 2-pixel
 * margin). Each destination pixel takes the value of the first patch, in list order, whose warped pixel is not
 * NO_DATA; patches of one tract share a pixel grid, so their overlaps agree and the result has no seams. The mask
 * planes of the result are those of the first overlapping patch, extended by name with the planes of the others
 * (bits are translated by plane name). The PSF is the warped PSF of the patch that contributed the most pixels
 * (the earliest on ties); the photometric calibration, visit information and metadata are the first contributing
 * patch's. Stateless and thread-safe.
 */
public final class TemplateStitcher {
  private static final Logger LOG = LoggerFactory.getLogger(TemplateStitcher.class);
  /** Outline samples per side of a patch. */
  private static final int OUTLINE_STEPS = 8;
  /** Margin in destination pixels added around a patch's mapped outline. */
  private static final int MARGIN = 2;

  private TemplateStitcher() {}

  /**
   * Warps and stitches {@code patches} onto the box {@code (x0, y0, width, height)} of {@code destWcs}.
   *
   * @param patches the template patches, each with a WCS, in order of preference (not null, no null element)
   * @param destWcs WCS of the destination pixel grid
   * @param x0      first column of the destination box, parent coordinates
   * @param y0      first row of the destination box, parent coordinates
   * @param width   destination width, pixels (> 0)
   * @param height  destination height, pixels (> 0)
   * @param config  the warp settings
   * @return the stitched template with its covered fraction and the number of patches that contributed
   * @throws InvalidDataException     if a patch has no WCS, a patch's pixel scale is too far from the destination's
   *                                  (see {@link Warper#warp}), or the patches cover none of the destination box
   *                                  ("template covers 0% of ...", naming the destination box and the patch boxes)
   * @throws IllegalArgumentException if {@code width} or {@code height} is not positive
   */
  public static WarpedTemplate stitch(List<Exposure> patches, Wcs destWcs, int x0, int y0, int width, int height,
      WarpConfig config) {
    Objects.requireNonNull(patches, "patches");
    Objects.requireNonNull(destWcs, "destWcs");
    Objects.requireNonNull(config, "config");
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("destination size must be positive, but was " + width + "x" + height);
    }

    /* Find the part of the destination box each patch's outline covers. */
    List<String> described = new ArrayList<>();
    List<int[]> boxes = new ArrayList<>();
    for (int i = 0; i < patches.size(); i++) {
      int index = i;
      Exposure p = Objects.requireNonNull(patches.get(i), "patch " + i);
      Wcs pw = p.wcs().orElseThrow(() -> new InvalidDataException("template patch " + index + " (" + box(p)
          + ") has no WCS"));
      int[] b = overlap(p, pw, destWcs, x0, y0, width, height);
      boxes.add(b);
      described.add("patch " + i + " " + box(p) + (b == null ? " (no overlap)" : " -> destination "
          + b[0] + "," + b[1] + " " + b[2] + "x" + b[3]));
    }

    /* The planes of the result: the overlapping patches' (with NO_DATA), united by name in list order. */
    MaskPlanes planes = null;
    for (int i = 0; i < patches.size(); i++) {
      if (boxes.get(i) != null) {
        MaskPlanes wp = patches.get(i).mask().planes().with("NO_DATA");
        planes = planes == null ? wp : union(planes, wp);
      }
    }

    /* Warp the overlapping patches straight into the result; each pixel from the first patch with data there. */
    float[] image = new float[width * height];
    float[] variance = new float[width * height];
    int[] mask = new int[width * height];
    boolean[] filled = new boolean[width * height];
    long covered = 0;
    long[] contributed = new long[patches.size()];
    int firstContributor = -1;
    for (int i = 0; i < patches.size(); i++) {
      int[] b = boxes.get(i);
      if (b == null) {
        continue;
      }
      int[] translate = translation(patches.get(i).mask().planes().with("NO_DATA"), planes);
      Warper.Target target = new Warper.Target(image, variance, mask, width, b[0] - x0, b[1] - y0, filled,
          translate);
      contributed[i] = Warper.warpInto(patches.get(i), destWcs, b[0], b[1], b[2], b[3], config, target);
      covered += contributed[i];
      if (contributed[i] > 0 && firstContributor < 0) {
        firstContributor = i;
      }
    }
    if (covered == 0) {
      throw new InvalidDataException(String.format(Locale.ROOT,
          "template covers 0%% of the destination box %d,%d %dx%d; %s", x0, y0, width, height,
          described.isEmpty() ? "no patches given" : String.join("; ", described)));
    }
    int noData = planes.bitmask("NO_DATA");
    RowBands.forEach(height, RowBands.DEFAULT_ROWS, (from, to) -> {
      for (int o = from * width; o < to * width; o++) {
        if (!filled[o]) {
          image[o] = Float.NaN;
          variance[o] = Float.NaN;
          mask[o] = noData;
        }
      }
    });

    /* Assemble: PSF of the largest contributor, the rest from the first. */
    int best = firstContributor;
    int used = 0;
    for (int i = 0; i < patches.size(); i++) {
      if (contributed[i] > 0) {
        used++;
        if (contributed[i] > contributed[best]) {
          best = i;
        }
      }
    }
    Exposure first = patches.get(firstContributor);
    Exposure bestPatch = patches.get(best);
    int[] bb = boxes.get(best);
    Psf psf = bestPatch.psf().map(p -> Warper.warpPsf(p, bestPatch.wcs().orElseThrow(), destWcs,
        bb[0] + (bb[2] - 1) / 2.0, bb[1] + (bb[3] - 1) / 2.0)).orElse(null);
    Exposure result = new Exposure(ImageF.wrap(width, height, image).withXy0(x0, y0),
        Mask.wrap(width, height, mask, planes).withXy0(x0, y0),
        ImageF.wrap(width, height, variance).withXy0(x0, y0), destWcs, psf,
        first.photoCalib().orElse(null), first.visitInfo(), first.metadata());
    double fraction = (double) covered / ((long) width * height);
    LOG.debug("Stitched {} of {} template patches onto {},{} {}x{}: {} covered", used, patches.size(), x0, y0,
        width, height, fraction);
    return new WarpedTemplate(result, fraction, used);
  }

  /** A patch's pixel box as "x0,y0 WxH". */
  private static String box(Exposure p) {
    return p.image().x0() + "," + p.image().y0() + " " + p.width() + "x" + p.height();
  }

  /**
   * The destination sub-box {x, y, w, h} (parent coordinates) covered by the patch's mapped outline plus the
   * margin, clipped to the destination box; null if it misses the box or no outline point maps.
   */
  static int[] overlap(Exposure patch, Wcs patchWcs, Wcs destWcs, int x0, int y0, int width, int height) {
    double left = patch.image().x0() - 0.5;
    double bottom = patch.image().y0() - 0.5;
    double right = left + patch.width();
    double top = bottom + patch.height();
    int n = 4 * OUTLINE_STEPS;
    double[] px = new double[n];
    double[] py = new double[n];
    for (int k = 0; k < OUTLINE_STEPS; k++) {
      double t = (double) k / OUTLINE_STEPS;
      px[k] = left + t * (right - left);
      py[k] = bottom;
      px[OUTLINE_STEPS + k] = right;
      py[OUTLINE_STEPS + k] = bottom + t * (top - bottom);
      px[2 * OUTLINE_STEPS + k] = right - t * (right - left);
      py[2 * OUTLINE_STEPS + k] = top;
      px[3 * OUTLINE_STEPS + k] = left;
      py[3 * OUTLINE_STEPS + k] = top - t * (top - bottom);
    }
    double[] ra = new double[n];
    double[] dec = new double[n];
    patchWcs.pixelToSky(px, py, ra, dec);
    double[] dx = new double[n];
    double[] dy = new double[n];
    destWcs.skyToPixel(ra, dec, dx, dy);
    double minX = Double.POSITIVE_INFINITY;
    double minY = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < n; k++) {
      if (Double.isFinite(dx[k]) && Double.isFinite(dy[k])) {
        minX = Math.min(minX, dx[k]);
        minY = Math.min(minY, dy[k]);
        maxX = Math.max(maxX, dx[k]);
        maxY = Math.max(maxY, dy[k]);
      }
    }
    if (!(minX <= maxX)) {
      return null;
    }
    long bx0 = Math.max(x0, (long) Math.floor(minX) - MARGIN);
    long by0 = Math.max(y0, (long) Math.floor(minY) - MARGIN);
    long bx1 = Math.min((long) x0 + width - 1, (long) Math.ceil(maxX) + MARGIN);
    long by1 = Math.min((long) y0 + height - 1, (long) Math.ceil(maxY) + MARGIN);
    if (bx0 > bx1 || by0 > by1) {
      return null;
    }
    return new int[] {(int) bx0, (int) by0, (int) (bx1 - bx0 + 1), (int) (by1 - by0 + 1)};
  }

  /** {@code a} extended by the planes of {@code b} it lacks. */
  private static MaskPlanes union(MaskPlanes a, MaskPlanes b) {
    MaskPlanes u = a;
    for (String name : b.asMap().keySet()) {
      u = u.with(name);
    }
    return u;
  }

  /** Bit translation from {@code from} to {@code to} by plane name; null when the bits already agree. */
  private static int[] translation(MaskPlanes from, MaskPlanes to) {
    int[] t = new int[32];
    boolean identity = true;
    for (Map.Entry<String, Integer> e : from.asMap().entrySet()) {
      int target = to.bit(e.getKey()).getAsInt();
      t[e.getValue()] = 1 << target;
      identity &= target == e.getValue();
    }
    return identity ? null : t;
  }
}
