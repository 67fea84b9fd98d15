package org.labelfree.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.labelfree.catalog.Catalog;
import org.labelfree.image.Exposure;
import org.labelfree.image.MoffatPsf;

/**
 * The catalogue does not depend on the thread count: {@link DetectAndMeasure#run} inside a ForkJoinPool of
 * parallelism 1 and of parallelism 3 (its parallel streams then run in that pool) gives equal catalogues, row
 * order and ids included, on a crowded science image and on a difference-like image with both polarities; and the
 * reused work arrays ({@link ImageBuffers}) carry nothing from one run into the next.
 */
class DetectAndMeasureDeterminismTest {
  static final int W = DetectAndMeasureTest.W;
  static final MoffatPsf PSF = MoffatPsf.of(4.0, 3.5);

  /** Sky 100 plus noise 10 and 800 random stars (some blended), seed 21. */
  static Exposure crowded() {
    SplittableRandom rnd = new SplittableRandom(21);
    float[] pix = DetectAndMeasureTest.noise(rnd);
    for (int p = 0; p < pix.length; p++) {
      pix[p] += 100;
    }
    for (int k = 0; k < 800; k++) {
      double snr = Math.exp(rnd.nextDouble(Math.log(5), Math.log(1000)));
      MoffatPsf.addMoffat(pix, W, W, rnd.nextDouble(5, W - 5), rnd.nextDouble(5, W - 5), snr * 70, 4.0, 3.5, 0, 0,
          30);
    }
    return DetectAndMeasureTest.exposure(pix);
  }

  /** Zero-mean noise with 150 positive, 150 negative sources and 10 dipoles, seed 22. */
  static Exposure differenceLike() {
    SplittableRandom rnd = new SplittableRandom(22);
    float[] pix = DetectAndMeasureTest.noise(rnd);
    for (int k = 0; k < 300; k++) {
      double snr = Math.exp(rnd.nextDouble(Math.log(5), Math.log(300)));
      MoffatPsf.addMoffat(pix, W, W, rnd.nextDouble(5, W - 5), rnd.nextDouble(5, W - 5),
          (k % 2 == 0 ? 1 : -1) * snr * 70, 4.0, 3.5, 0, 0, 30);
    }
    for (int k = 0; k < 10; k++) {
      double x = rnd.nextDouble(20, W - 20);
      double y = rnd.nextDouble(20, W - 20);
      MoffatPsf.addMoffat(pix, W, W, x - 1.5, y, 100 * 70, 4.0, 3.5, 0, 0, 30);
      MoffatPsf.addMoffat(pix, W, W, x + 1.5, y, -100 * 70, 4.0, 3.5, 0, 0, 30);
    }
    return DetectAndMeasureTest.exposure(pix);
  }

  static SourceTable runIn(int threads, Exposure e, DetectAndMeasureConfig config) throws Exception {
    ForkJoinPool pool = new ForkJoinPool(threads);
    try {
      return pool.submit(() -> DetectAndMeasure.run(e, PSF, config)).get();
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void scienceCatalogIsTheSameForOneAndThreeThreads() throws Exception {
    Exposure e = crowded();
    SourceTable one = runIn(1, e, DetectAndMeasureConfig.defaults());
    SourceTable three = runIn(3, e, DetectAndMeasureConfig.defaults());
    Catalog c = one.catalog();
    /* Enough sources, blends among them, for the parallel paths (bands, footprints, sources) to matter. */
    assertTrue(c.rowCount() > 500, "rows " + c.rowCount());
    assertTrue(java.util.Arrays.stream(c.longColumn("parentId")).anyMatch(p -> p > 0), "no blended source");
    assertArrayEquals(c.longColumn("id"), three.catalog().longColumn("id"));
    assertEquals(c, three.catalog());
    assertEquals(one.backgroundRms(), three.backgroundRms());
  }

  @Test
  void differenceCatalogIsTheSameForOneAndThreeThreads() throws Exception {
    Exposure e = differenceLike();
    SourceTable one = runIn(1, e, DetectAndMeasureConfig.forDifference());
    SourceTable three = runIn(3, e, DetectAndMeasureConfig.forDifference());
    assertTrue(one.positive() > 100 && one.negative() > 100 && one.dipoles() > 0,
        "positive " + one.positive() + ", negative " + one.negative() + ", dipoles " + one.dipoles());
    assertArrayEquals(one.catalog().longColumn("id"), three.catalog().longColumn("id"));
    assertEquals(one.catalog(), three.catalog());
    assertEquals(one.dipoles(), three.dipoles());
  }

  /**
   * The work arrays a run borrows still hold the previous run's values: a science run after a difference run of the
   * same size, and again after several more runs of both, gives the same catalogue.
   */
  @Test
  void reusedWorkArraysCarryNothingBetweenRuns() throws Exception {
    Exposure science = crowded();
    Exposure difference = differenceLike();
    SourceTable first = runIn(2, science, DetectAndMeasureConfig.defaults());
    SourceTable diff1 = runIn(2, difference, DetectAndMeasureConfig.forDifference());
    SourceTable again = runIn(2, science, DetectAndMeasureConfig.defaults());
    SourceTable diff2 = runIn(1, difference, DetectAndMeasureConfig.forDifference());
    SourceTable third = runIn(3, science, DetectAndMeasureConfig.defaults());
    assertEquals(first.catalog(), again.catalog());
    assertEquals(first.catalog(), third.catalog());
    assertEquals(diff1.catalog(), diff2.catalog());
    assertTrue(first.catalog().rowCount() != diff1.catalog().rowCount(), "the two images must differ");
  }
}
