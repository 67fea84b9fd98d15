package org.labelfree.workflows.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labelfree.catalog.Catalog;
import org.labelfree.image.Exposure;
import org.labelfree.image.GaussianPsf;
import org.labelfree.image.ImageF;
import org.labelfree.image.Mask;
import org.labelfree.image.MaskPlanes;
import org.labelfree.image.Metadata;
import org.labelfree.image.VisitInfo;
import org.labelfree.labeling.MatchFlags;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.task.PipelineTask;
import org.labelfree.pipeline.task.TaskDefinitionException;
import org.labelfree.pipeline.task.TaskDescriptor;
import org.labelfree.pipeline.task.UnprocessableDataException;
import org.labelfree.wcs.CdMatrix;
import org.labelfree.wcs.SkyCoord;
import org.labelfree.wcs.TanWcs;
import org.labelfree.wcs.Wcs;

/**
 * match_injected on a constructed 200x200 difference image (noise-free Gaussian fakes, 0.2"/px TAN WCS) with
 * hand-made dia_source, injected_calexp_catalog and truth_transients catalogues.
 */
class MatchInjectedTaskTest {
  private static final int SIZE = 200;
  private static final double SIGMA = 1.5;
  private static final double SCALE = 0.2 / 3600;
  private static final Wcs WCS = TanWcs.of(new SkyCoord(150.1, 2.2), 100, 100, CdMatrix.northUp(SCALE));
  private static final DataId ID = DataId.of(Map.of("instrument", "SimCam", "visit", 7L, "detector", 3L,
      "band", "r"));

  /** Fakes: id, x, y, flux, injection_flag. 13 is NO_OVERLAP (not on the image), 14 is not detected. */
  private static final double[][] FAKES = {
      {11, 50.3, 60.2, 1000, 0}, {12, 120, 130, 500, 0}, {13, Double.NaN, Double.NaN, 0, 8}, {14, 160, 40, 300, 0}};
  /** Position of fake 13 on the sky: on the image's grid at (20, 180), where source C sits. */
  private static final double[] FAKE13_XY = {20, 180};

  /** DIA sources: x, y, pixelFlags_injected_core. A, B on fakes 11, 12; C on the NO_OVERLAP fake; D core only; E real. */
  private static final double[][] SOURCES = {
      {50.3 + 0.4, 60.2, 1}, {120, 130 - 0.5, 1}, {20, 180, 0}, {90, 90, 1}, {150, 160, 0}};

  static Exposure difference() {
    float[] img = new float[SIZE * SIZE];
    for (double[] f : FAKES) {
      if (f[4] != 0) {
        continue;
      }
      double norm = f[3] / (2 * Math.PI * SIGMA * SIGMA);
      for (int j = 0; j < SIZE; j++) {
        for (int i = 0; i < SIZE; i++) {
          double r2 = (i - f[1]) * (i - f[1]) + (j - f[2]) * (j - f[2]);
          img[j * SIZE + i] += (float) (norm * Math.exp(-r2 / (2 * SIGMA * SIGMA)));
        }
      }
    }
    return new Exposure(ImageF.wrap(SIZE, SIZE, img), Mask.zeros(SIZE, SIZE, MaskPlanes.defaults()),
        ImageF.filled(SIZE, SIZE, 1f), WCS, GaussianPsf.ofSigma(SIGMA), null,
        new VisitInfo("SimCam", 7, 3, "r", "r_sim", 60123.25, 30, 1.0), Metadata.empty());
  }

  static Catalog diaSources() {
    int n = SOURCES.length;
    long[] id = new long[n];
    double[] x = new double[n];
    double[] y = new double[n];
    double[] ra = new double[n];
    double[] dec = new double[n];
    boolean[] core = new boolean[n];
    for (int s = 0; s < n; s++) {
      id[s] = 1000 + s;
      x[s] = SOURCES[s][0];
      y[s] = SOURCES[s][1];
      SkyCoord c = WCS.pixelToSky(x[s], y[s]);
      ra[s] = c.ra();
      dec[s] = c.dec();
      core[s] = SOURCES[s][2] != 0;
    }
    return Catalog.builder().addLongs("diaSourceId", id, "", "id").addDoubles("x", x, "pixel", "x")
        .addDoubles("y", y, "pixel", "y").addDoubles("ra", ra, "deg", "ra").addDoubles("dec", dec, "deg", "dec")
        .addBooleans("pixelFlags_injected_core", core, "", "core").build();
  }

  static Catalog fakes() {
    int n = FAKES.length;
    long[] id = new long[n];
    double[] ra = new double[n];
    double[] dec = new double[n];
    double[] x = new double[n];
    double[] y = new double[n];
    double[] flux = new double[n];
    int[] flag = new int[n];
    for (int f = 0; f < n; f++) {
      id[f] = (long) FAKES[f][0];
      x[f] = FAKES[f][1];
      y[f] = FAKES[f][2];
      SkyCoord c = flag(f) ? WCS.pixelToSky(FAKE13_XY[0], FAKE13_XY[1]) : WCS.pixelToSky(x[f], y[f]);
      ra[f] = c.ra();
      dec[f] = c.dec();
      flux[f] = FAKES[f][3];
      flag[f] = (int) FAKES[f][4];
    }
    return Catalog.builder().addLongs("injection_id", id, "", "id").addDoubles("ra", ra, "deg", "ra")
        .addDoubles("dec", dec, "deg", "dec").addDoubles("injected_x", x, "pixel", "x")
        .addDoubles("injected_y", y, "pixel", "y").addInts("injection_flag", flag, "", "flags")
        .addDoubles("injected_flux", flux, "count", "flux").build();
  }

  private static boolean flag(int f) {
    return FAKES[f][4] != 0;
  }

  static Catalog truth() {
    SkyCoord e = WCS.pixelToSky(150 + 2, 160); // 0.4" from source E
    return Catalog.builder().addLongs("transient_id", new long[] {1}, "", "id")
        .addDoubles("ra", new double[] {e.ra()}, "deg", "ra").addDoubles("dec", new double[] {e.dec()}, "deg", "dec")
        .build();
  }

  @Test
  void labelsSourcesAndMeasuresFakes() {
    MatchInjectedTask.Outputs out = new MatchInjectedTask(MatchInjectedConfig.defaults())
        .run(new MatchInjectedTask.Inputs(diaSources(), fakes(), difference(), truth(), ID));
    Catalog s = out.matchedDiaSource();
    List<String> expected = new ArrayList<>(diaSources().columnNames());
    expected.addAll(List.of("label", "injection_id", "dist_arcsec", "match_flags", "is_true_transient", "mjd",
        "band"));
    assertEquals(expected, s.columnNames());
    assertArrayEquals(new int[] {1, 1, 0, 0, 0}, s.intColumn("label"));
    assertArrayEquals(new long[] {11, 12, -1, -1, -1}, s.longColumn("injection_id"));
    double[] dist = s.doubleColumn("dist_arcsec");
    /* 0.4 px and 0.5 px at 0.2"/px; TAN distortion is ~1e-9 this close to the tangent point. */
    assertEquals(0.08, dist[0], 1e-6);
    assertEquals(0.10, dist[1], 1e-6);
    assertArrayEquals(new double[] {-1, -1, -1}, new double[] {dist[2], dist[3], dist[4]});
    assertArrayEquals(new int[] {0, 0, 0, MatchFlags.AMBIGUOUS_MASK, 0}, s.intColumn("match_flags"));
    assertArrayEquals(new int[] {0, 0, 0, 0, 1}, s.intColumn("is_true_transient"));
    assertArrayEquals(new double[] {60123.25, 60123.25, 60123.25, 60123.25, 60123.25}, s.doubleColumn("mjd"));
    assertArrayEquals(new String[] {"r", "r", "r", "r", "r"}, s.stringColumn("band"));

    Catalog f = out.matchedInjectedCatalog();
    List<String> fexp = new ArrayList<>(fakes().columnNames());
    fexp.addAll(List.of("diaSourceId", "dist_arcsec", "forced_flux", "forced_flux_err", "forced_snr"));
    assertEquals(fexp, f.columnNames());
    assertEquals(fakes().rowCount(), f.rowCount());
    assertArrayEquals(new long[] {1000, 1001, 0, 0}, f.longColumn("diaSourceId"));
    double[] fd = f.doubleColumn("dist_arcsec");
    assertEquals(0.08, fd[0], 1e-6);
    assertEquals(-1, fd[2]);
    assertEquals(-1, fd[3]);
    double[] flux = f.doubleColumn("forced_flux");
    double[] err = f.doubleColumn("forced_flux_err");
    double[] snr = f.doubleColumn("forced_snr");
    /* Noise-free fakes: the forced flux is the injected flux to Lanczos-shift accuracy (0.5%). */
    assertEquals(1000, flux[0], 5);
    assertEquals(500, flux[1], 2.5);
    assertEquals(300, flux[3], 1.5);
    assertTrue(Double.isNaN(flux[2]) && Double.isNaN(err[2]) && Double.isNaN(snr[2]), "NO_OVERLAP: NaN");
    /* Unit variance: err = sqrt(4 pi sigma^2) = 5.32 to the discreteness of the sum. */
    assertEquals(Math.sqrt(4 * Math.PI * SIGMA * SIGMA), err[0], 0.05);
    assertEquals(flux[3] / err[3], snr[3], 1e-12);
  }

  @Test
  void withoutTruthEverySourceIsUnknownAndTheRadiusIsConfigurable() {
    /* Through the executor's adapter: the optional truth_transients absent; radius bound from radius_arcsec. */
    TaskDescriptor d = TaskDescriptor.of(MatchInjectedTask.class);
    Map<String, Object> overrides = new HashMap<>();
    overrides.put("radius_arcsec", "0.09");
    PipelineTask<?, ?> task = d.newTask(d.resolveConfig(overrides));
    Map<String, Object> in = new HashMap<>();
    in.put("dia_source", diaSources());
    in.put("injected_calexp_catalog", fakes());
    in.put("difference_image", difference());
    Map<String, Object> out = d.run(task, in, ID);
    Catalog s = (Catalog) out.get("matched_dia_source");
    assertArrayEquals(new int[] {-1, -1, -1, -1, -1}, s.intColumn("is_true_transient"));
    /* 0.09": source A (0.08") still matches; B (0.10") no longer, and its core bit makes it ambiguous. */
    assertArrayEquals(new int[] {1, 0, 0, 0, 0}, s.intColumn("label"));
    assertArrayEquals(new int[] {0, MatchFlags.AMBIGUOUS_MASK, 0, MatchFlags.AMBIGUOUS_MASK, 0},
        s.intColumn("match_flags"));
    overrides.put("radius_arcsec", "0");
    TaskDefinitionException e = assertThrows(TaskDefinitionException.class, () -> d.resolveConfig(overrides));
    assertTrue(e.getMessage().contains("radius_arcsec is 0.0; expected (0, 3600.0] arcsec"), e.getMessage());
  }

  @Test
  void aMissingColumnOrPsfFailsTheQuantumByName() {
    Catalog noCore = diaSources().select("diaSourceId", "x", "y", "ra", "dec");
    MatchInjectedTask task = new MatchInjectedTask(MatchInjectedConfig.defaults());
    UnprocessableDataException e = assertThrows(UnprocessableDataException.class,
        () -> task.run(new MatchInjectedTask.Inputs(noCore, fakes(), difference(), null, ID)));
    assertEquals("dia_source instrument=SimCam visit=7 detector=3: no column 'pixelFlags_injected_core';"
        + " expected a boolean column", e.getMessage());
    Catalog stringIds = fakes().select("ra", "dec", "injection_flag")
        .withColumn(org.labelfree.catalog.Column.ofStrings("injection_id", new String[] {"a", "b", "c", "d"}, "", "x"));
    e = assertThrows(UnprocessableDataException.class,
        () -> task.run(new MatchInjectedTask.Inputs(diaSources(), stringIds, difference(), null, ID)));
    assertTrue(e.getMessage().contains("column 'injection_id' is STRING; expected a long column"), e.getMessage());
    e = assertThrows(UnprocessableDataException.class, () -> task.run(
        new MatchInjectedTask.Inputs(diaSources(), fakes(), difference().withPsf(null), null, ID)));
    assertTrue(e.getMessage().startsWith("difference_image instrument=SimCam visit=7 detector=3 has no PSF"),
        e.getMessage());
  }

  @Test
  void emptyCataloguesGiveEmptyOutputs() {
    Catalog noRows = Catalog.builder().build();
    MatchInjectedTask.Outputs out = new MatchInjectedTask(MatchInjectedConfig.defaults())
        .run(new MatchInjectedTask.Inputs(noRows, noRows, difference(), null, ID));
    assertEquals(0, out.matchedDiaSource().rowCount());
    assertEquals(List.of("label", "injection_id", "dist_arcsec", "match_flags", "is_true_transient", "mjd", "band"),
        out.matchedDiaSource().columnNames());
    assertEquals(0, out.matchedInjectedCatalog().rowCount());
  }
}
