package org.labelfree.diffim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FootprintOrTest {
  /** Against a direct OR over every box, on a sub-box of a sparse random mask with NaN pixels, across band edges. */
  @Test
  void equalsTheDirectOrOverEveryBox() {
    int w = 150;
    int h = 170;
    SplittableRandom rnd = new SplittableRandom(42);
    float[] img = new float[w * h];
    float[] var = new float[w * h];
    int[] mask = new int[w * h];
    int noData = 1 << 8;
    for (int i = 0; i < w * h; i++) {
      img[i] = (float) rnd.nextGaussian();
      var[i] = 1f;
      if (rnd.nextInt(200) == 0) {
        mask[i] = 1 << rnd.nextInt(8);
      }
      if (rnd.nextInt(500) == 0) {
        if (rnd.nextBoolean()) {
          img[i] = Float.NaN;
        } else {
          var[i] = Float.NaN;
        }
      }
    }
    int bx = 7;
    int by = 3;
    int bw = 131;
    int bh = 160;
    int n = 6;
    int[] or = FootprintOr.compute(img, var, mask, w, bx, by, bw, bh, n, noData);
    for (int y = 0; y <= bh - n; y++) {
      for (int x = 0; x <= bw - n; x++) {
        int expected = 0;
        for (int j = 0; j < n; j++) {
          for (int i = 0; i < n; i++) {
            int p = (by + y + j) * w + bx + x + i;
            expected |= mask[p] | (Float.isNaN(img[p]) || Float.isNaN(var[p]) ? noData : 0);
          }
        }
        assertEquals(expected, or[y * bw + x], "box at " + x + "," + y);
      }
    }
  }
}
