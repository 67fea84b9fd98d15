package org.labelfree.workflows.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.labelfree.fits.FitsInspector;
import org.labelfree.fits.FitsPath;
import org.labelfree.fits.HduKind;
import org.labelfree.fits.HduSelector;
import org.labelfree.fits.HduSummary;
import org.labelfree.image.ImageStatistics;
import org.labelfree.wcs.SkyCoord;
import org.labelfree.wcs.Wcs;
import org.labelfree.wcs.WcsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code labelfree info FILE[HDU]... [--stats] [--json]}: what is in FITS files: HDUs, sizes, BITPIX, compression,
 * EXTNAMEs, WCS (type, centre, pixel scale), mask planes and, with {@code --stats}, robust pixel statistics.
 *
 * <p>A WCS that cannot be parsed is reported on its HDU, the other HDUs and files are still shown, and the command
 * exits with {@link Main#EXIT_BAD_DATA}. A file that is not FITS at all fails the command.
 */
@Command(name = "info", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Summarise FITS files: HDUs, sizes, BITPIX, compression, EXTNAMEs, WCS, mask planes, statistics.")
final class InfoCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE[HDU]",
      description = "FITS files; FILE[N] (0-based HDU index) or FILE[EXTNAME] selects one HDU.")
  List<String> files;

  @Option(names = "--stats", description = "Per image HDU: finite-pixel count, min, max, mean, median, robust sigma "
      + "(1.4826 x MAD).")
  boolean stats;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<Map<String, Object>> report = new ArrayList<>();
    boolean anyInvalid = false;
    for (String arg : files) {
      FitsPath path = FitsPath.parse(arg);
      List<HduSummary> hdus = FitsInspector.inspect(path.file());
      List<Map<String, Object>> hduReports = new ArrayList<>();
      for (HduSummary h : hdus) {
        if (!selected(path.selector(), h)) {
          continue;
        }
        Map<String, Object> r = describe(path, h);
        anyInvalid |= r.containsKey("wcs_error");
        hduReports.add(r);
      }
      if (hduReports.isEmpty()) {
        throw new org.labelfree.fits.FitsFormatException(path.file() + ": no HDU matches " + arg);
      }
      Map<String, Object> fileReport = new LinkedHashMap<>();
      fileReport.put("file", path.file().toString());
      fileReport.put("hdu_count", hdus.size());
      fileReport.put("hdus", hduReports);
      report.add(fileReport);
    }
    if (json) {
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      out.println(mapper.writeValueAsString(report));
    } else {
      report.forEach(f -> printText(out, f));
    }
    out.flush();
    return anyInvalid ? Main.EXIT_BAD_DATA : 0;
  }

  private static boolean selected(HduSelector selector, HduSummary h) {
    if (selector instanceof HduSelector.Index i) {
      return i.index() == h.index();
    }
    if (selector instanceof HduSelector.Name n) {
      return n.extname().equalsIgnoreCase(h.extname())
          && (n.extver() == 0 || h.header().optLong("EXTVER").orElse(1) == n.extver());
    }
    return true;
  }

  private Map<String, Object> describe(FitsPath path, HduSummary h) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("index", h.index());
    r.put("extname", h.extname());
    r.put("kind", h.kind().name());
    r.put("bitpix", h.bitpix());
    r.put("dimensions", h.dimensions());
    r.put("compression", h.compression());
    if (!h.maskPlanes().isEmpty()) {
      r.put("mask_planes", h.maskPlanes());
    }
    boolean image = (h.kind() == HduKind.IMAGE || h.kind() == HduKind.COMPRESSED_IMAGE || h.kind() == HduKind.PRIMARY)
        && h.dimensions().size() >= 2;
    String where = path.file() + " HDU[" + h.index() + "]" + (h.extname().isEmpty() ? "" : " (" + h.extname() + ")");
    try {
      Optional<Wcs> wcs = Wcs.fromHeader(h.header(), where);
      wcs.ifPresent(w -> {
        Map<String, Object> wr = new LinkedHashMap<>();
        wr.put("type", w.type());
        if (image) {
          double cx = (h.dimensions().get(0) - 1) / 2.0;
          double cy = (h.dimensions().get(1) - 1) / 2.0;
          SkyCoord c = w.pixelToSky(cx, cy);
          wr.put("centre_x", cx);
          wr.put("centre_y", cy);
          wr.put("centre_ra", c.ra());
          wr.put("centre_dec", c.dec());
          wr.put("pixel_scale_arcsec", w.pixelScaleArcsec(cx, cy));
        }
        r.put("wcs", wr);
      });
    } catch (WcsException e) {
      r.put("wcs_error", e.getMessage());
    }
    if (stats && image && h.maskPlanes().isEmpty()) {
      ImageStatistics s = ImageStatistics.of(
          FitsInspector.readImage(new FitsPath(path.file(), HduSelector.index(h.index()))));
      Map<String, Object> sr = new LinkedHashMap<>();
      sr.put("finite", s.finiteCount());
      sr.put("total", s.totalCount());
      sr.put("min", s.min());
      sr.put("max", s.max());
      sr.put("mean", s.mean());
      sr.put("median", s.median());
      sr.put("robust_sigma", s.robustSigma());
      r.put("stats", sr);
    }
    return r;
  }

  @SuppressWarnings("unchecked")
  private static void printText(PrintWriter out, Map<String, Object> f) {
    out.println(f.get("file") + "  (" + f.get("hdu_count") + " HDU" + ((int) f.get("hdu_count") == 1 ? "" : "s")
        + ")");
    for (Map<String, Object> h : (List<Map<String, Object>>) f.get("hdus")) {
      List<Integer> dims = (List<Integer>) h.get("dimensions");
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  [%d] %-10s %-16s BITPIX %3d  %s",
          (int) h.get("index"), ((String) h.get("extname")).isEmpty() ? "-" : h.get("extname"), h.get("kind"),
          (int) h.get("bitpix"), dims.isEmpty() ? "no data" : joinDims(dims)));
      if (!((String) h.get("compression")).isEmpty()) {
        line.append("  compressed ").append(h.get("compression"));
      }
      out.println(line);
      if (h.containsKey("wcs")) {
        Map<String, Object> w = (Map<String, Object>) h.get("wcs");
        if (w.containsKey("centre_ra")) {
          out.printf(Locale.ROOT, "      WCS %s  centre RA %.7f Dec %+.7f deg  scale %.4f arcsec/pix%n", w.get("type"),
              (double) w.get("centre_ra"), (double) w.get("centre_dec"), (double) w.get("pixel_scale_arcsec"));
        } else {
          out.println("      WCS " + w.get("type"));
        }
      }
      if (h.containsKey("wcs_error")) {
        out.println("      WCS INVALID: " + h.get("wcs_error"));
      }
      if (h.containsKey("mask_planes")) {
        out.println("      mask planes: " + String.join(" ", (List<String>) h.get("mask_planes")));
      }
      if (h.containsKey("stats")) {
        Map<String, Object> s = (Map<String, Object>) h.get("stats");
        out.printf(Locale.ROOT, "      finite %d/%d  min %.6g  max %.6g  mean %.6g  median %.6g  robust sigma %.6g%n",
            (long) s.get("finite"), (long) s.get("total"), (double) s.get("min"), (double) s.get("max"),
            (double) s.get("mean"), (double) s.get("median"), (double) s.get("robust_sigma"));
      }
    }
  }

  private static String joinDims(List<Integer> dims) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < dims.size(); i++) {
      b.append(i == 0 ? "" : " x ").append(dims.get(i));
    }
    return b.toString();
  }
}
