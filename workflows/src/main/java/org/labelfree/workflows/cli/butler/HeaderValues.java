package org.labelfree.workflows.cli.butler;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.labelfree.fits.FitsInspector;
import org.labelfree.fits.HduKind;
import org.labelfree.fits.HduSummary;
import org.labelfree.image.Metadata;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.repo.SkyBox;
import org.labelfree.wcs.SkyCoord;
import org.labelfree.wcs.Wcs;

/**
 * Data-ID values and visit facts read from the FITS header cards of a file to ingest ({@code --from-header}). The
 * header of the first image HDU is searched first, then the primary header (an extension inherits the primary's
 * cards, as {@code INHERIT = T} says in survey files). Keywords, first found wins:
 * <ul>
 *   <li>instrument: {@code INSTRUME}</li>
 *   <li>visit: {@code EXPNUM}, {@code VISIT} (an integer)</li>
 *   <li>detector: {@code CCDNUM}, {@code DETECTOR} (an integer; DECam's {@code DETECTOR} is a serial number text and
 *       is skipped)</li>
 *   <li>band: {@code BAND}, then the first word of {@code FILTER} (our calexps write both, with the physical filter in
 *       {@code FILTER}, so {@code BAND} goes first)</li>
 *   <li>physical_filter: {@code FILTER}</li>
 *   <li>mid-exposure MJD: {@code MJD-AVG}, else {@code MJD-OBS + EXPTIME / 2 / 86400} (MJD-OBS is the start)</li>
 *   <li>exposure time: {@code EXPTIME} (seconds); detector name: {@code DETPOS}, else the detector number</li>
 * </ul>
 * Immutable.
 */
final class HeaderValues {
  /** Keywords tried per dimension, in order, for messages. */
  static List<String> keywords(Dimension d) {
    switch (d) {
      case INSTRUMENT:
        return List.of("INSTRUME");
      case VISIT:
        return List.of("EXPNUM", "VISIT");
      case DETECTOR:
        return List.of("CCDNUM", "DETECTOR");
      case BAND:
        return List.of("BAND", "FILTER");
      case PHYSICAL_FILTER:
        return List.of("FILTER");
      default:
        return List.of();
    }
  }

  private final Path file;
  private final Metadata image;
  private final Metadata primary;

  private HeaderValues(Path file, Metadata image, Metadata primary) {
    this.file = file;
    this.image = image;
    this.primary = primary;
  }

  /**
   * Reads the headers of a FITS file.
   *
   * @throws org.labelfree.fits.FitsFormatException naming the file if it is not FITS
   * @throws java.io.UncheckedIOException           if it cannot be read
   */
  static HeaderValues read(Path file) {
    List<HduSummary> hdus = FitsInspector.inspect(file);
    Metadata primary = hdus.get(0).header();
    Metadata image = primary;
    for (HduSummary h : hdus) {
      if ((h.kind() == HduKind.PRIMARY || h.kind() == HduKind.IMAGE || h.kind() == HduKind.COMPRESSED_IMAGE)
          && !h.dimensions().isEmpty()) {
        image = h.header();
        break;
      }
    }
    return new HeaderValues(file, image, primary);
  }

  /** The file the headers come from. */
  Path file() {
    return file;
  }

  /** The value of a dimension from the header ({@code Long} or {@code String}), if the header has it. */
  Optional<Object> value(Dimension d) {
    switch (d) {
      case INSTRUMENT:
        return text("INSTRUME").map(s -> (Object) s);
      case VISIT:
        return integer("EXPNUM").or(() -> integer("VISIT"));
      case DETECTOR:
        return integer("CCDNUM").or(() -> integer("DETECTOR"));
      case BAND:
        return text("BAND").or(() -> text("FILTER").map(f -> f.split("\\s+", 2)[0])).map(s -> (Object) s);
      case PHYSICAL_FILTER:
        return text("FILTER").map(s -> (Object) s);
      default:
        return Optional.empty();
    }
  }

  /** Mid-exposure MJD (days): MJD-AVG, else MJD-OBS plus half of EXPTIME; empty if neither card is there. */
  OptionalDouble mjdMid() {
    OptionalDouble avg = real("MJD-AVG");
    if (avg.isPresent()) {
      return avg;
    }
    OptionalDouble obs = real("MJD-OBS");
    if (obs.isEmpty()) {
      return obs;
    }
    OptionalDouble exp = exposureTime();
    return OptionalDouble.of(obs.getAsDouble() + (exp.isPresent() ? exp.getAsDouble() / 2 / 86400 : 0));
  }

  /** EXPTIME (seconds, finite and >= 0), if present. */
  OptionalDouble exposureTime() {
    OptionalDouble e = real("EXPTIME");
    return e.isPresent() && e.getAsDouble() >= 0 && Double.isFinite(e.getAsDouble()) ? e : OptionalDouble.empty();
  }

  /** The detector's name: DETPOS, if present. */
  Optional<String> detectorName() {
    return text("DETPOS");
  }

  private Optional<String> text(String key) {
    Optional<String> v = image.optString(key).or(() -> primary.optString(key));
    return v.map(String::strip).filter(s -> !s.isEmpty() && s.chars().allMatch(c -> c >= 0x20 && c < 0x7f));
  }

  private Optional<Object> integer(String key) {
    OptionalLong v = image.optLong(key);
    if (v.isEmpty()) {
      v = primary.optLong(key);
    }
    return v.isPresent() && v.getAsLong() >= 0 ? Optional.of(v.getAsLong()) : Optional.empty();
  }

  private OptionalDouble real(String key) {
    OptionalDouble v = image.optDouble(key);
    if (v.isEmpty()) {
      v = primary.optDouble(key);
    }
    return v.isPresent() && Double.isFinite(v.getAsDouble()) ? v : OptionalDouble.empty();
  }

  /**
   * The sky box of an image's footprint: the WCS evaluated at 16 points along each edge of the pixel grid (pixel
   * edges, 0-based parent coordinates from {@code x0}, {@code y0}); RA spans are taken around the centre so a box
   * across RA = 0 wraps; a footprint within 0.1 degree of a pole spans all RA.
   */
  static SkyBox footprint(Wcs wcs, int x0, int y0, int width, int height) {
    List<double[]> pts = new ArrayList<>();
    int n = 16;
    double xa = x0 - 0.5;
    double xb = x0 + width - 0.5;
    double ya = y0 - 0.5;
    double yb = y0 + height - 0.5;
    for (int i = 0; i <= n; i++) {
      double t = (double) i / n;
      pts.add(new double[] {xa + t * (xb - xa), ya});
      pts.add(new double[] {xa + t * (xb - xa), yb});
      pts.add(new double[] {xa, ya + t * (yb - ya)});
      pts.add(new double[] {xb, ya + t * (yb - ya)});
    }
    SkyCoord centre = wcs.pixelToSky((xa + xb) / 2, (ya + yb) / 2);
    double lo = 0;
    double hi = 0;
    double decMin = centre.dec();
    double decMax = centre.dec();
    for (double[] p : pts) {
      SkyCoord c = wcs.pixelToSky(p[0], p[1]);
      double off = wrap180(c.ra() - centre.ra());
      lo = Math.min(lo, off);
      hi = Math.max(hi, off);
      decMin = Math.min(decMin, c.dec());
      decMax = Math.max(decMax, c.dec());
    }
    return box(centre.ra() + lo, centre.ra() + hi, decMin, decMax);
  }

  /** The smallest box holding both (RA spans joined around the first box's centre). */
  static SkyBox union(SkyBox a, SkyBox b) {
    double aw = span(a);
    double bw = span(b);
    double ref = a.raMin() + aw / 2;
    double aLo = wrap180(a.raMin() - ref);
    double bLo = wrap180(b.raMin() - ref);
    double lo = Math.min(aLo, bLo);
    double hi = Math.max(aLo + aw, bLo + bw);
    return box(ref + lo, ref + hi, Math.min(a.decMin(), b.decMin()), Math.max(a.decMax(), b.decMax()));
  }

  private static double span(SkyBox b) {
    double w = b.raMax() - b.raMin();
    return w < 0 ? w + 360 : w;
  }

  private static SkyBox box(double raLo, double raHi, double decMin, double decMax) {
    decMin = Math.max(-90, decMin);
    decMax = Math.min(90, decMax);
    if (raHi - raLo >= 360 || decMax > 89.9 || decMin < -89.9) {
      return new SkyBox(0, Math.nextDown(360.0), decMin, decMax);
    }
    return new SkyBox(wrap360(raLo), wrap360(raHi), decMin, decMax);
  }

  private static double wrap180(double deg) {
    double d = wrap360(deg);
    return d >= 180 ? d - 360 : d;
  }

  private static double wrap360(double deg) {
    double d = deg % 360;
    if (d < 0) {
      d += 360;
    }
    return d >= 360 ? 0 : d;
  }
}
