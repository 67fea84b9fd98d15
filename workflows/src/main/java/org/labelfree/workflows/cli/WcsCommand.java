package org.labelfree.workflows.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.labelfree.catalog.Catalog;
import org.labelfree.catalog.CatalogFormatException;
import org.labelfree.catalog.ColumnType;
import org.labelfree.catalog.CsvCatalogFormat;
import org.labelfree.fits.FitsFormatException;
import org.labelfree.fits.FitsInspector;
import org.labelfree.fits.FitsPath;
import org.labelfree.fits.HduSelector;
import org.labelfree.fits.HduSummary;
import org.labelfree.wcs.Wcs;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code labelfree wcs FILE[HDU] (--pix X Y | --sky RA DEC | --input points.csv) [--origin 0|1] [--json]}:
 * converts pixel positions to sky positions and back with the WCS of a FITS HDU.
 *
 * <p>Output is CSV with the header {@code x,y,ra,dec} and every value at full double precision (the shortest decimal
 * that reads back to the same double), or JSON. Pixels are 0-based (LSST) unless {@code --origin 1} says FITS
 * 1-based, for input and output alike. A sky position that has no pixel (the far side of the projection, or a
 * distortion that cannot be inverted there) gives empty x and y in CSV and null in JSON. Without an HDU selector the
 * first HDU whose header has a celestial WCS is used.
 */
@Command(name = "wcs", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Convert pixel <-> sky positions with the WCS of a FITS HDU (TAN, TAN-SIP, TPV).")
final class WcsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE[HDU]",
      description = "A FITS file; FILE[N] (0-based HDU index) or FILE[EXTNAME] selects the HDU.")
  String file;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  static final class Input {
    @Option(names = "--pix", arity = "2", paramLabel = "X Y", description = "One pixel position.")
    double[] pix;

    @Option(names = "--sky", arity = "2", paramLabel = "RA DEC", description = "One sky position, degrees.")
    double[] sky;

    @Option(names = "--input", paramLabel = "points.csv",
        description = "CSV with a header row and columns x,y (pixel to sky) or ra,dec (sky to pixel).")
    Path csv;
  }

  @Option(names = "--origin", defaultValue = "0", paramLabel = "0|1",
      description = "Pixel origin of input and output: 0 (LSST, default) or 1 (FITS).")
  int origin;

  @Option(names = "--json", description = "Print JSON instead of CSV.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (origin != 0 && origin != 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--origin must be 0 or 1, but was " + origin);
    }
    FitsPath path = FitsPath.parse(file);
    Wcs wcs = findWcs(path);

    /* Gather the positions: pixels (converted to 0-based) or sky. */
    boolean fromPixels;
    double[] a;
    double[] b;
    if (input.pix != null) {
      fromPixels = true;
      a = new double[] {input.pix[0] - origin};
      b = new double[] {input.pix[1] - origin};
    } else if (input.sky != null) {
      fromPixels = false;
      a = new double[] {input.sky[0]};
      b = new double[] {input.sky[1]};
    } else {
      Catalog points = CsvCatalogFormat.read(input.csv, Map.of("x", ColumnType.DOUBLE, "y", ColumnType.DOUBLE,
          "ra", ColumnType.DOUBLE, "dec", ColumnType.DOUBLE), List.of());
      if (points.hasColumn("x") && points.hasColumn("y")) {
        fromPixels = true;
        a = points.doubleColumn("x");
        b = points.doubleColumn("y");
        for (int i = 0; i < a.length; i++) {
          a[i] -= origin;
          b[i] -= origin;
        }
      } else if (points.hasColumn("ra") && points.hasColumn("dec")) {
        fromPixels = false;
        a = points.doubleColumn("ra");
        b = points.doubleColumn("dec");
      } else {
        throw new CatalogFormatException(input.csv + ": header has columns " + points.columnNames()
            + "; expected x,y (pixel to sky) or ra,dec (sky to pixel)");
      }
    }

    /* Convert in bulk. */
    int n = a.length;
    double[] x = new double[n];
    double[] y = new double[n];
    double[] ra = new double[n];
    double[] dec = new double[n];
    if (fromPixels) {
      for (int i = 0; i < n; i++) {
        if (!Double.isFinite(a[i]) || !Double.isFinite(b[i])) {
          throw new CatalogFormatException(where() + ": row " + (i + 1) + " has a non-finite pixel position");
        }
      }
      System.arraycopy(a, 0, x, 0, n);
      System.arraycopy(b, 0, y, 0, n);
      wcs.pixelToSky(x, y, ra, dec);
    } else {
      for (int i = 0; i < n; i++) {
        if (!Double.isFinite(a[i]) || !(b[i] >= -90 && b[i] <= 90)) {
          throw new CatalogFormatException(where() + ": row " + (i + 1) + " has ra=" + a[i] + " dec=" + b[i]
              + "; expected finite ra and dec in [-90, 90] degrees");
        }
      }
      System.arraycopy(a, 0, ra, 0, n);
      System.arraycopy(b, 0, dec, 0, n);
      wcs.skyToPixel(ra, dec, x, y);
    }

    print(x, y, ra, dec);
    return 0;
  }

  private String where() {
    return input.csv != null ? input.csv.toString() : "command line";
  }

  /** The WCS of the selected HDU, or of the first HDU that has one. */
  private static Wcs findWcs(FitsPath path) {
    List<HduSummary> hdus = FitsInspector.inspect(path.file());
    for (HduSummary h : hdus) {
      boolean chosen = path.selector() instanceof HduSelector.Default
          || (path.selector() instanceof HduSelector.Index i && i.index() == h.index())
          || (path.selector() instanceof HduSelector.Name nm && nm.extname().equalsIgnoreCase(h.extname()));
      if (!chosen) {
        continue;
      }
      String where = path.file() + " HDU[" + h.index() + "]" + (h.extname().isEmpty() ? "" : " (" + h.extname()
          + ")");
      Optional<Wcs> wcs = Wcs.fromHeader(h.header(), where);
      if (wcs.isPresent()) {
        return wcs.get();
      }
      if (!(path.selector() instanceof HduSelector.Default)) {
        throw new FitsFormatException(where + ": no celestial WCS (CTYPE1/CTYPE2) in this HDU");
      }
    }
    if (path.selector() instanceof HduSelector.Default) {
      throw new FitsFormatException(path.file() + ": no HDU has a celestial WCS (CTYPE1/CTYPE2)");
    }
    throw new FitsFormatException(path.file() + ": no HDU matches the selector " + path.selector());
  }

  private void print(double[] x, double[] y, double[] ra, double[] dec) throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      List<Map<String, Object>> rows = new ArrayList<>(x.length);
      for (int i = 0; i < x.length; i++) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("x", Double.isNaN(x[i]) ? null : x[i] + origin);
        r.put("y", Double.isNaN(y[i]) ? null : y[i] + origin);
        r.put("ra", ra[i]);
        r.put("dec", dec[i]);
        rows.add(r);
      }
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
    } else {
      StringBuilder sb = new StringBuilder(64 * (x.length + 1)).append("x,y,ra,dec\n");
      for (int i = 0; i < x.length; i++) {
        sb.append(Double.isNaN(x[i]) ? "" : Double.toString(x[i] + origin)).append(',')
            .append(Double.isNaN(y[i]) ? "" : Double.toString(y[i] + origin)).append(',')
            .append(ra[i]).append(',').append(dec[i]).append('\n');
      }
      out.print(sb);
    }
    out.flush();
  }
}
