package org.labelfree.workflows.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.labelfree.catalog.Catalog;
import org.labelfree.catalog.ColumnSpec;
import org.labelfree.catalog.ColumnType;
import org.labelfree.fits.FitsExposures;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageF;
import org.labelfree.image.Mask;
import org.labelfree.image.MaskPlanes;
import org.labelfree.image.Metadata;
import org.labelfree.image.VisitInfo;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.task.Connection;
import org.labelfree.pipeline.task.PipelineTask;
import org.labelfree.pipeline.task.TaskDescriptor;
import org.labelfree.testing.TestData;
import org.labelfree.wcs.CdMatrix;
import org.labelfree.wcs.SkyCoord;
import org.labelfree.wcs.TanWcs;

class ExposureSummaryTaskTest {
  private static final double MAS = 1.0 / 3.6e6;
  private static final TaskDescriptor TASK = TaskDescriptor.of(ExposureSummaryTask.class);

  /** Runs the task through the descriptor, as the executor does, and returns the catalogue. */
  static Catalog summarise(Exposure calexp, Map<String, ?> overrides) {
    PipelineTask<?, ?> task = TASK.newTask(TASK.resolveConfig(overrides));
    Map<String, Object> out = TASK.run(task, Map.of("calexp", calexp));
    assertEquals(List.of("exposure_summary"), List.copyOf(out.keySet()));
    return (Catalog) out.get("exposure_summary");
  }

  @Test
  void connectionsAndConfigAreDeclared() {
    Set<Dimension> dims = Set.of(Dimension.INSTRUMENT, Dimension.VISIT, Dimension.DETECTOR);
    assertEquals(dims, TASK.connections().dimensions());
    Connection in = TASK.connections().inputs().get(0);
    Connection out = TASK.connections().outputs().get(0);
    assertEquals(List.of("calexp", "Exposure"), List.of(in.name(), in.storageClass()));
    assertEquals(List.of("exposure_summary", "Catalog"), List.of(out.name(), out.storageClass()));
    assertEquals(dims, in.dimensions());
    assertEquals(dims, out.dimensions());
    assertEquals(ExposureSummaryConfig.class, TASK.configType());
    ExposureSummaryConfig d = ExposureSummaryConfig.defaults();
    assertEquals(List.of("BAD", "SAT", "CR", "NO_DATA", "DETECTED", "DETECTED_NEGATIVE"), d.notBackgroundPlanes());
    assertTrue(d.requireWcs());
    ExposureSummaryConfig c = (ExposureSummaryConfig) TASK.resolveConfig(Map.of("not_background_planes", "bad, sat,BAD",
        "require_wcs", "false"));
    assertEquals(List.of("BAD", "SAT"), c.notBackgroundPlanes(), "normalised upper case, duplicates dropped");
    assertEquals(false, c.requireWcs());
  }

  @Test
  void realDecamRowMatchesNumpyAndAstropy() {
    TestData.requirePython("astropy", "numpy");
    String file = TestData.real("decam/DEC-OBS04a.mini.fits").toString();
    Exposure calexp = FitsExposures.read(TestData.real("decam/DEC-OBS04a.mini.fits"));
    Catalog row = summarise(calexp, Map.of());
    assertEquals(1, row.rowCount());

    /* Independent values: numpy statistics of the finite float32 pixels, astropy's WCS at the centre pixel. */
    String[] ref = TestData.python(String.join("\n",
        "import sys, warnings; warnings.simplefilter('ignore')",
        "import numpy as np",
        "from astropy.io import fits; from astropy.wcs import WCS",
        "h = fits.open(sys.argv[1])[0]",
        "d = h.data.astype(np.float32).astype(np.float64)",
        "f = d[np.isfinite(d)]",
        "med = np.median(f)",
        "sig = 1.482602218505602 * np.median(np.abs(f - med))",
        "w = WCS(h.header)",
        "ny, nx = d.shape",
        "cx, cy = (nx - 1) / 2.0, (ny - 1) / 2.0",
        "ra, dec = w.all_pix2world([[cx, cy]], 0)[0]",
        "e = 0.5",
        "p = w.all_pix2world([[cx + e, cy], [cx - e, cy], [cx, cy + e], [cx, cy - e]], 0)",
        "c = np.cos(np.radians(dec))",
        "dra = lambda a, b: ((a - b + 180.0) % 360.0 - 180.0) * c",
        "j = np.array([[dra(p[0,0], p[1,0]), dra(p[2,0], p[3,0])], [p[0,1] - p[1,1], p[2,1] - p[3,1]]]) / (2 * e)",
        "scale = np.sqrt(abs(np.linalg.det(j))) * 3600.0",
        "print(repr(float(med)), repr(float(sig)), repr(float(f.size / d.size)),",
        "      repr(float(np.isnan(d).sum() / d.size)), repr(float(ra)), repr(float(dec)), repr(float(scale)))"),
        file).trim().split(" ");
    double median = Double.parseDouble(ref[0]);
    double sigma = Double.parseDouble(ref[1]);
    double finite = Double.parseDouble(ref[2]);
    double nan = Double.parseDouble(ref[3]);
    SkyCoord centre = new SkyCoord(Double.parseDouble(ref[4]), Double.parseDouble(ref[5]));
    double scale = Double.parseDouble(ref[6]);

    // Same float32 values, same median rule: equal up to rounding of the float32 deviations (relative 1e-6).
    assertEquals(median, row.doubleColumn("median_background")[0], 1e-6 * Math.abs(median) + 1e-9);
    assertEquals(sigma, row.doubleColumn("robust_sigma")[0], 1e-5 * sigma);
    assertTrue(sigma > 0, "a real image has noise");
    assertEquals(finite, row.doubleColumn("finite_fraction")[0], 1e-12);
    // A single-plane FITS image gets NO_DATA exactly on its NaN pixels and no other plane.
    assertEquals(nan, row.doubleColumn("mask_fraction_NO_DATA")[0], 1e-12);
    assertEquals(0.0, row.doubleColumn("mask_fraction_SAT")[0], 0.0);
    SkyCoord ours = new SkyCoord(row.doubleColumn("ra_centre")[0], row.doubleColumn("dec_centre")[0]);
    assertTrue(ours.separationDeg(centre) < 1 * MAS, "centre off by " + ours.separationDeg(centre) / MAS + " mas");
    // Finite differences over +-0.5 px against the analytic Jacobian: agree to 1e-6 relative on a TPV this mild.
    assertEquals(scale, row.doubleColumn("pixel_scale")[0], 1e-6 * scale);
    assertTrue(scale > 0.2 && scale < 0.3, "DECam pixels are ~0.26 arcsec, got " + scale);
    assertEquals(calexp.visitInfo().detector(), row.intColumn("detector")[0]);
    assertEquals(calexp.visitInfo().visit(), row.longColumn("visit")[0]);
    assertEquals(calexp.visitInfo().band(), row.stringColumn("band")[0]);
  }

  @Test
  void columnsAreTheDocumentedOnesInOrderWithUnits() {
    Catalog row = summarise(synthetic(false), Map.of());
    List<String> expected = new ArrayList<>(List.of("visit", "detector", "band", "median_background", "robust_sigma",
        "finite_fraction"));
    for (String plane : MaskPlanes.defaults().asMap().keySet()) {
      expected.add("mask_fraction_" + plane);
    }
    expected.addAll(List.of("ra_centre", "dec_centre", "pixel_scale"));
    assertEquals(expected, row.columnNames());
    Map<String, ColumnSpec> spec = new java.util.HashMap<>();
    for (ColumnSpec s : row.schema()) {
      spec.put(s.name(), s);
      assertTrue(!s.description().isBlank(), "column " + s.name() + " has a description");
    }
    assertEquals(ColumnType.LONG, spec.get("visit").type());
    assertEquals(ColumnType.INT, spec.get("detector").type());
    assertEquals(ColumnType.STRING, spec.get("band").type());
    assertEquals("deg", spec.get("ra_centre").unit());
    assertEquals("deg", spec.get("dec_centre").unit());
    assertEquals("arcsec", spec.get("pixel_scale").unit());
    assertEquals("ct", spec.get("median_background").unit());
    assertEquals(42L, row.longColumn("visit")[0]);
    assertEquals(7, row.intColumn("detector")[0]);
    assertEquals("r", row.stringColumn("band")[0]);
    assertEquals(10.0, row.doubleColumn("ra_centre")[0], 1e-12);
    assertEquals(-30.0, row.doubleColumn("dec_centre")[0], 1e-12);
    assertEquals(0.25, row.doubleColumn("pixel_scale")[0], 1e-9);
    assertEquals(0.25, row.doubleColumn("mask_fraction_DETECTED")[0], 1e-12);
  }

  @Test
  void notBackgroundPlanesDecideWhichPixelsMeasureTheBackground() {
    Exposure calexp = synthetic(false);
    // Default: the DETECTED quarter (value 1000) is excluded; of the 1200 others, 600 are 10 and 300 each 9 and 11:
    // median 10, absolute deviations half 0 and half 1, so MAD = (0 + 1) / 2 and sigma = 1.4826 x 0.5.
    Catalog excluded = summarise(calexp, Map.of());
    assertEquals(10.0, excluded.doubleColumn("median_background")[0], 0.0);
    assertEquals(0.5 * 1.482602218505602, excluded.doubleColumn("robust_sigma")[0], 1e-12);
    // With no plane excluded, the 400 bright pixels count: median still 10 (ranks 800 and 801 of 1600 are 10), but
    // the deviations are now 600 x 0, 600 x 1 and 400 x 990, so MAD = 1.
    Catalog all = summarise(calexp, Map.of("not_background_planes", "[]"));
    assertEquals(10.0, all.doubleColumn("median_background")[0], 0.0);
    assertEquals(1.482602218505602, all.doubleColumn("robust_sigma")[0], 1e-12);
    // Excluding only BAD (not set anywhere) is the same as excluding nothing.
    Catalog bad = summarise(calexp, Map.of("not_background_planes", List.of("BAD")));
    assertEquals(all, bad);
    assertEquals(0.25, all.doubleColumn("mask_fraction_DETECTED")[0], 1e-12, "fractions do not depend on config");
  }

  @Test
  void withoutWcsAndRequireWcsFalseThePointingIsNaN() {
    Catalog row = summarise(synthetic(true), Map.of("require_wcs", false));
    assertTrue(Double.isNaN(row.doubleColumn("ra_centre")[0]));
    assertTrue(Double.isNaN(row.doubleColumn("dec_centre")[0]));
    assertTrue(Double.isNaN(row.doubleColumn("pixel_scale")[0]));
    assertEquals(10.0, row.doubleColumn("median_background")[0], 0.0);
  }

  @Test
  void maskFractionColumnNamesAreSafe() {
    assertEquals("mask_fraction_NO_DATA", ExposureSummaryTask.maskFractionColumn("NO_DATA"));
    assertEquals("mask_fraction_MY_PLANE_2", ExposureSummaryTask.maskFractionColumn("MY-PLANE 2"));
    assertEquals(64, ExposureSummaryTask.maskFractionColumn("X".repeat(100)).length());
  }

  /**
   * A 40x40 calexp (visit 42, detector 7, band r): pixels 9, 11, 10, 10 repeating, the
   * first quarter of rows 1000 and flagged DETECTED; a TAN WCS with 0.25 arcsec pixels centred on (10, -30) unless
   * {@code noWcs}.
   */
  static Exposure synthetic(boolean noWcs) {
    int w = 40;
    int h = 40;
    float[] px = new float[w * h];
    int[] bits = new int[w * h];
    MaskPlanes planes = MaskPlanes.defaults();
    for (int i = 0; i < px.length; i++) {
      px[i] = i % 4 == 0 ? 9f : i % 4 == 1 ? 11f : 10f;
      if (i < px.length / 4) {
        px[i] = 1000f;
        bits[i] = planes.bitmask("DETECTED");
      }
    }
    TanWcs wcs = noWcs ? null : TanWcs.of(new SkyCoord(10.0, -30.0), 19.5, 19.5, CdMatrix.northUp(0.25 / 3600));
    VisitInfo info = new VisitInfo("DECam", 42, 7, "r", "r DECam SDSS c0002 6415.0 1480.0", 58300.5, 30.0, 4.0);
    return new Exposure(ImageF.wrap(w, h, px), Mask.wrap(w, h, bits, planes), ImageF.filled(w, h, 1f), wcs, null,
        null, info, Metadata.empty());
  }
}
