package org.labelfree.workflows.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.fits.FitsExposures;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageStatistics;
import org.labelfree.testing.TestData;

/**
 * {@code labelfree subtract} on real DECam pixels (256^2 cut-outs on one grid, TPV WCS, no PSF and no variance in
 * the files), against the independent SFFT difference {@code FinalDifference.fits} of the two stacks.
 *
 * <p>Noise: without decorrelation our difference's robust sigma must be within 5% of FinalDifference's (or lower)
 * on the same pixels. With decorrelation (the default) the noise is white by construction and its per-pixel level
 * is sigma_s^2 + kappa^2 sigma_t^2, larger here because the template is the noisier image; the check is then that
 * the variance plane predicts it. Rings: around the bright unsaturated stars the rms of the difference within 12 px,
 * in units of the image's noise, must be below FinalDifference's at the same stars and below 2.
 */
class SubtractCommandRealDataTest {
  private static final Path DECAM = TestData.real().resolve("decam");
  /** Bright stars of the cut-out (x, y, parent 0-based): the brightest one, at (58, 181), varies between the stacks. */
  private static final int[][] STARS = {{101, 73}, {105, 233}, {179, 202}, {130, 128}};

  @TempDir
  Path dir;

  @Test
  void stacksWithoutDecorrelationMatchTheReferenceNoiseAndHaveNoRings() {
    Path out = dir.resolve("diff.fits");
    CliRunner.Result r = CliRunner.run("subtract", "--science", DECAM.resolve("Stack-DEC-OBS04.fits").toString(),
        "--template", DECAM.resolve("Stack-DEC-OBS18.fits").toString(), "--out", out.toString(), "--no-decorrelate");
    assertEquals(0, r.exitCode(), r.out() + r.err());
    Exposure ours = FitsExposures.read(out);
    Exposure ref = FitsExposures.read(DECAM.resolve("FinalDifference.fits"));
    float[] a = ours.image().array();
    float[] b = ref.image().array();
    float[] ca = new float[a.length];
    float[] cb = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      boolean both = Float.isFinite(a[i]) && Float.isFinite(b[i]);
      ca[i] = both ? a[i] : Float.NaN;
      cb[i] = both ? b[i] : Float.NaN;
    }
    double sa = ImageStatistics.of(ca).robustSigma();
    double sb = ImageStatistics.of(cb).robustSigma();
    System.out.printf("DECam stacks: robust sigma ours %.3f, FinalDifference %.3f, ratio %.4f%n", sa, sb, sa / sb);
    assertTrue(sa <= 1.05 * sb, "robust sigma " + sa + " vs FinalDifference " + sb);
    for (int[] s : STARS) {
      double mine = ringRms(a, ours.width(), s, sa);
      double theirs = ringRms(b, ref.width(), s, sb);
      System.out.printf("  star (%d, %d): rms within 12 px / noise: ours %.2f, FinalDifference %.2f%n", s[0], s[1],
          mine, theirs);
      /* Where the reference too leaves > 3 sigma (the source at (130, 128) changed between the stacks: both codes
       * leave ~4 there, while the single epochs subtract it to 1.2) only "no worse than the reference" holds. */
      assertTrue(mine <= theirs && (theirs > 3 || mine < 2.0),
          "ring residual at " + s[0] + "," + s[1] + ": " + mine + " vs " + theirs);
    }
  }

  @Test
  void decorrelatedSingleEpochsHaveTheVarianceTheyReportAndNoRings() {
    Path out = dir.resolve("diff.fits");
    CliRunner.Result r = CliRunner.run("subtract", "--science", DECAM.resolve("DEC-OBS04a.mini.fits").toString(),
        "--template", DECAM.resolve("DEC-OBS18a.mini.fits").toString(), "--out", out.toString(), "--json");
    assertEquals(0, r.exitCode(), r.out() + r.err());
    Exposure ours = FitsExposures.read(out);
    /* Single epochs have white noise: the normalised residual is 1 within 10% (a 256^2 cut-out, variance estimated
     * from the image's own noise and GAIN). */
    double resid = ours.metadata().optDouble("RESIDSIG").orElse(Double.NaN);
    System.out.printf("DECam single epochs: residual sigma %.4f; %s%n", resid, r.out().replace('\n', ' '));
    assertEquals(1.0, resid, 0.1);
    double noise = ImageStatistics.of(ours.image().array()).robustSigma();
    for (int[] s : STARS) {
      double mine = ringRms(ours.image().array(), ours.width(), s, noise);
      System.out.printf("  star (%d, %d): rms within 12 px / noise %.2f%n", s[0], s[1], mine);
      assertTrue(mine < 2.0, "ring residual at " + s[0] + "," + s[1] + ": " + mine);
    }
  }

  /** The rms of the pixels within 12 px of a star, in units of {@code noise}. */
  private static double ringRms(float[] img, int w, int[] star, double noise) {
    double sum = 0;
    int n = 0;
    for (int dy = -12; dy <= 12; dy++) {
      for (int dx = -12; dx <= 12; dx++) {
        if (dx * dx + dy * dy > 144) {
          continue;
        }
        float v = img[(star[1] + dy) * w + star[0] + dx];
        if (Float.isFinite(v)) {
          sum += v * v;
          n++;
        }
      }
    }
    return Math.sqrt(sum / n) / noise;
  }
}
