package org.labelfree.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.labelfree.image.MaskPlanes;

class InterpolationTest {
  private static final MaskPlanes P = MaskPlanes.defaults();
  private static final int BAD = P.bitmask("BAD");
  private static final int CR = P.bitmask("CR");
  private static final int SAT = P.bitmask("SAT");
  private static final int INTRP = P.bitmask("INTRP");
  private static final int W = 30;
  private static final int H = 20;

  private static float ramp(int x, int y) {
    return 3 + 0.5f * x - 0.25f * y;
  }

  private static float varRamp(int x, int y) {
    return 10 + 0.125f * x + 0.5f * y;
  }

  private static void fill(float[] img, float[] var) {
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        img[y * W + x] = ramp(x, y);
        var[y * W + x] = varRamp(x, y);
      }
    }
  }

  @Test
  void exactOnRampWithBadColumnAndCosmicRays() {
    float[] img = new float[W * H];
    float[] var = new float[W * H];
    fill(img, var);
    int[] mask = new int[W * H];
    boolean[] expected = new boolean[W * H];
    for (int y = 0; y < H; y++) {
      mask[y * W + 7] |= BAD;
      expected[y * W + 7] = true;
    }
    int[][] cr = {{12, 4}, {13, 4}, {12, 5}, {13, 5}, {20, 11}, {21, 12}, {22, 13}, {8, 9}};
    for (int[] p : cr) {
      mask[p[1] * W + p[0]] |= CR;
      expected[p[1] * W + p[0]] = true;
    }
    mask[3 * W + 25] |= SAT;
    /* Spoil the masked pixels so that the interpolation has to restore them. */
    for (int i = 0; i < img.length; i++) {
      if (expected[i]) {
        img[i] = 1e6f;
        var[i] = -1;
      }
    }
    int n = Interpolation.interpolateMasked(img, var, mask, W, H, BAD | CR);
    assertEquals(H + cr.length, n, "column 7 and the CR pixels");
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        int i = y * W + x;
        // Linear interpolation of a linear ramp is exact up to float rounding (values < 20: 1e-5).
        assertEquals(ramp(x, y), img[i], 1e-5, "image at " + x + "," + y);
        assertEquals(varRamp(x, y), var[i], 1e-5, "variance at " + x + "," + y);
        assertEquals(expected[i], (mask[i] & INTRP) != 0, "INTRP at " + x + "," + y);
      }
    }
    assertEquals(SAT, mask[3 * W + 25], "other planes untouched, SAT not interpolated");
    assertEquals(BAD | INTRP, mask[7], "bits kept, INTRP added");
  }

  @Test
  void fullyMaskedRowGoesAlongColumns() {
    float[] img = new float[W * H];
    float[] var = new float[W * H];
    fill(img, var);
    int[] mask = new int[W * H];
    for (int x = 0; x < W; x++) {
      mask[6 * W + x] = BAD;
      mask[7 * W + x] = BAD;
      img[6 * W + x] = -5;
      img[7 * W + x] = -5;
    }
    mask[10 * W + 0] = CR;
    img[10 * W + 0] = 99;
    int n = Interpolation.interpolateMasked(img, var, mask, W, H, BAD | CR);
    assertEquals(2 * W + 1, n);
    for (int x = 0; x < W; x++) {
      assertEquals(ramp(x, 6), img[6 * W + x], 1e-5);
      assertEquals(ramp(x, 7), img[7 * W + x], 1e-5);
      assertEquals(varRamp(x, 7), var[7 * W + x], 1e-5);
      assertEquals(BAD | INTRP, mask[6 * W + x]);
    }
    // At the left edge the nearest unmasked pixel of the row is copied.
    assertEquals(ramp(1, 10), img[10 * W], 0);
    assertEquals(CR | INTRP, mask[10 * W]);
  }

  @Test
  void nullVarianceAndAllMasked() {
    float[] img = {1, 2, 3, 4};
    int[] mask = {BAD, 0, BAD, BAD};
    // Row 0 copies its one support pixel; row 1 is fully masked: (1, 1) is taken from (1, 0), while (0, 1) has no
    // support in its column either and stays as it was, without INTRP.
    assertEquals(2, Interpolation.interpolateMasked(img, null, mask, 2, 2, BAD));
    assertArrayEquals(new float[] {2, 2, 3, 2}, img);
    assertArrayEquals(new int[] {BAD | INTRP, 0, BAD, BAD | INTRP}, mask);
    float[] all = {1, 2, 3, 4};
    int[] allMasked = {CR, CR, CR, CR};
    assertEquals(0, Interpolation.interpolateMasked(all, null, allMasked, 2, 2, CR));
    assertArrayEquals(new float[] {1, 2, 3, 4}, all);
    assertArrayEquals(new int[] {CR, CR, CR, CR}, allMasked);
  }
}
