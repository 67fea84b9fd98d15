package org.labelfree.diffim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.labelfree.image.ImageF;

/** The source mask behind the residual statistics; the subtraction itself is tested on whole chains in workflows. */
class AlardLuptonTest {

  private static float[] noise(int w, int h, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] p = new float[w * h];
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) (50 + 10 * rnd.nextGaussian());
    }
    return p;
  }

  @Test
  void faintStarsAndTheirSurroundingsAreMarkedNoiseRarely() {
    int w = 401;
    int h = 300;
    float[] p = noise(w, h, 3L);
    // stars of sigma 1.5 px, peak 8 sigma of the pixel noise (S/N about 40 in PSF flux)
    int[][] stars = {{50, 60}, {200, 150}, {350, 250}, {120, 230}};
    for (int[] s : stars) {
      for (int y = s[1] - 8; y <= s[1] + 8; y++) {
        for (int x = s[0] - 8; x <= s[0] + 8; x++) {
          double q = ((x - s[0]) * (x - s[0]) + (y - s[1]) * (y - s[1])) / (2 * 1.5 * 1.5);
          p[y * w + x] += (float) (80 * Math.exp(-q));
        }
      }
    }
    int grow = 6;
    int[] near = AlardLupton.nearSources(ImageF.wrap(w, h, p), grow);
    int bw = (w + 1) / 2;
    assertEquals(bw * ((h + 1) / 2), near.length);
    for (int[] s : stars) {
      // the star's bin and every bin within the grow radius (in bins: (grow + 1) / 2 = 3)
      for (int dy = -3; dy <= 3; dy++) {
        for (int dx = -3; dx <= 3; dx++) {
          assertEquals(1, near[(s[1] / 2 + dy) * bw + s[0] / 2 + dx], "bin offset " + dx + "," + dy + " of star at "
              + s[0] + "," + s[1]);
        }
      }
    }
    long marked = 0;
    for (int v : near) {
      marked += v;
    }
    // noise: 0.135% of bins above 3 sigma, each grown to 7 x 7 bins, about 6.4%; the stars add 4 x ~100 bins
    double fraction = (double) marked / near.length;
    assertTrue(fraction > 0.04 && fraction < 0.12, "marked fraction " + fraction);
  }

  @Test
  void binsWithoutFinitePixelsAreNotSources() {
    int w = 200;
    int h = 200;
    float[] p = noise(w, h, 4L);
    for (int y = 0; y < 100; y++) {
      for (int x = 0; x < w; x++) {
        p[y * w + x] = Float.NaN;
      }
    }
    int[] near = AlardLupton.nearSources(ImageF.wrap(w, h, p), 2);
    int bw = w / 2;
    for (int by = 0; by < 48; by++) {
      for (int bx = 0; bx < bw; bx++) {
        assertEquals(0, near[by * bw + bx], "bin " + bx + "," + by + " is all NaN and far from the valid half");
      }
    }
  }
}
