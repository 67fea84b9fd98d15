package org.labelfree.fits;

import java.util.SplittableRandom;
import org.labelfree.image.Exposure;
import org.labelfree.image.GaussianPsf;
import org.labelfree.image.ImageF;
import org.labelfree.image.Mask;
import org.labelfree.image.MaskPlanes;
import org.labelfree.image.Metadata;
import org.labelfree.image.PhotoCalib;
import org.labelfree.image.VisitInfo;

/** Seeded test exposures. */
final class TestExposures {
  private TestExposures() {}

  /** A w x h exposure with noise, NaNs, mask bits (INJECTED among them), metadata, visit info, calib and a PSF. */
  static Exposure full(int w, int h, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] img = new float[w * h];
    float[] var = new float[w * h];
    int[] bits = new int[w * h];
    MaskPlanes planes = MaskPlanes.defaults();
    int injected = planes.bitmask("INJECTED");
    int sat = planes.bitmask("SAT");
    for (int i = 0; i < img.length; i++) {
      img[i] = (float) (100 + 10 * rnd.nextGaussian());
      var[i] = (float) (100 + rnd.nextDouble());
      if (rnd.nextInt(50) == 0) {
        bits[i] |= injected;
      }
      if (rnd.nextInt(97) == 0) {
        bits[i] |= sat | (1 << 31);
      }
    }
    img[3] = Float.NaN;
    var[3] = Float.POSITIVE_INFINITY;
    MaskPlanes withExtra = planes.with("MY_OWN_PLANE_WITH_A_LONG_NAME");
    Metadata meta = Metadata.builder()
        .set("OBSERVER", "O'Brien", "who observed")
        .set("AIRMASS", 1.2345678901234567, "airmass")
        .set("NCOMBINE", 7L, "")
        .set("FLATCOR", true, "flat-fielded")
        .set("LONGTEXT", "x".repeat(150) + " and 'quotes' " + "y".repeat(70), "a long string")
        .set("ESO DET CHIP NAME", "ccd42", "HIERARCH card")
        .set("TINY", 1.0e-300, "")
        .add(new Metadata.Card("COMMENT", null, "a comment card"))
        .add(new Metadata.Card("HISTORY", null, "made by a test"))
        .build();
    VisitInfo visit = new VisitInfo("LSSTCam", 2024031200123L, 42, "r", "r_57", 60384.123456789, 30.0, 1.7);
    return new Exposure(ImageF.wrap(w, h, img).withXy0(100, -7), Mask.wrap(w, h, bits, withExtra).withXy0(100, -7),
        ImageF.wrap(w, h, var).withXy0(100, -7), null, GaussianPsf.ofSigma(1.7), new PhotoCalib(27.85), visit, meta);
  }
}
