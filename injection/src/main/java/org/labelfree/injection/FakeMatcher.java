package org.labelfree.injection;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Matches injected fakes to detected sources of one image, one to one, by pixel distance.
 *
 * <p>Fakes are taken brightest first (smallest magnitude; equal magnitudes in row order); each claims the nearest
 * source not yet claimed within the radius (equal distances: the lower source row). A fake or source that is not
 * usable takes no part. Deterministic; static and thread-safe.
 */
public final class FakeMatcher {
  /**
   * The default match radius, pixels: a few times the centroid error of a source at S/N 5, about
   * {@code sigma_psf / (S/N) * sqrt(2)}, i.e. 0.5 px for a PSF sigma of 1.7 px; 2 px holds such sources with
   * room for the PSF-model error while staying below one FWHM, so that a neighbour is rarely taken instead.
   */
  public static final double DEFAULT_RADIUS_PX = 2.0;

  private FakeMatcher() {}

  /**
   * The source each fake is matched to.
   *
   * @param fakeX       fake x, pixels (same grid as the sources)
   * @param fakeY       fake y, pixels; same length as {@code fakeX}
   * @param fakeMag     fake magnitude (the order of matching); same length
   * @param fakeUsable  which fakes take part (others get -1); same length
   * @param srcX        source x, pixels
   * @param srcY        source y, pixels; same length as {@code srcX}
   * @param srcUsable   which sources may be claimed; same length
   * @param radiusPx    the largest distance of a match, pixels (finite, > 0)
   * @return for each fake the row of its source, or -1 when it has none
   * @throws IllegalArgumentException if lengths differ or the radius is not finite and positive
   */
  public static int[] match(double[] fakeX, double[] fakeY, double[] fakeMag, boolean[] fakeUsable, double[] srcX,
      double[] srcY, boolean[] srcUsable, double radiusPx) {
    int nf = fakeX.length;
    int ns = srcX.length;
    if (fakeY.length != nf || fakeMag.length != nf || fakeUsable.length != nf) {
      throw new IllegalArgumentException("fakeX, fakeY, fakeMag and fakeUsable must have one length, but were "
          + nf + ", " + fakeY.length + ", " + fakeMag.length + ", " + fakeUsable.length);
    }
    if (srcY.length != ns || srcUsable.length != ns) {
      throw new IllegalArgumentException("srcX, srcY and srcUsable must have one length, but were " + ns + ", "
          + srcY.length + ", " + srcUsable.length);
    }
    if (!(radiusPx > 0 && Double.isFinite(radiusPx))) {
      throw new IllegalArgumentException("radiusPx must be finite and > 0, but was " + radiusPx);
    }

    /* Usable sources sorted by y (then row), so that each fake scans only the band |dy| <= radius. */
    int[] byY = IntStream.range(0, ns).filter(k -> srcUsable[k] && Double.isFinite(srcX[k]) && Double.isFinite(srcY[k]))
        .boxed().sorted(Comparator.<Integer>comparingDouble(k -> srcY[k]).thenComparingInt(k -> k))
        .mapToInt(Integer::intValue).toArray();
    double[] ys = new double[byY.length];
    for (int i = 0; i < byY.length; i++) {
      ys[i] = srcY[byY[i]];
    }

    /* Brightest fake first; each takes the nearest free source within the radius. */
    int[] order = IntStream.range(0, nf).boxed()
        .sorted(Comparator.<Integer>comparingDouble(i -> fakeMag[i]).thenComparingInt(i -> i))
        .mapToInt(Integer::intValue).toArray();
    boolean[] claimed = new boolean[ns];
    int[] out = new int[nf];
    Arrays.fill(out, -1);
    double r2 = radiusPx * radiusPx;
    for (int i : order) {
      if (!fakeUsable[i] || !Double.isFinite(fakeX[i]) || !Double.isFinite(fakeY[i])) {
        continue;
      }
      int best = -1;
      double bestD2 = Double.POSITIVE_INFINITY;
      for (int j = lowerBound(ys, fakeY[i] - radiusPx); j < ys.length && ys[j] <= fakeY[i] + radiusPx; j++) {
        int k = byY[j];
        if (claimed[k]) {
          continue;
        }
        double dx = srcX[k] - fakeX[i];
        double dy = srcY[k] - fakeY[i];
        double d2 = dx * dx + dy * dy;
        if (d2 <= r2 && (d2 < bestD2 || (d2 == bestD2 && k < best))) {
          best = k;
          bestD2 = d2;
        }
      }
      if (best >= 0) {
        claimed[best] = true;
        out[i] = best;
      }
    }
    return out;
  }

  /** The first index whose value is >= {@code v}. */
  private static int lowerBound(double[] sorted, double v) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
