package org.labelfree.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentationTest {
  private static float[] ramp(int channels, int size) {
    float[] a = new float[channels * size * size];
    for (int i = 0; i < a.length; i++) {
      a[i] = i;
    }
    return a;
  }

  @Test
  void dihedralMatchesNumpyRot90AndFliplr() {
    // 3x3: [[0,1,2],[3,4,5],[6,7,8]]; np.rot90 -> [[2,5,8],[1,4,7],[0,3,6]]; then np.fliplr -> [[8,5,2],...].
    float[] a = ramp(1, 3);
    float[] out = new float[9];
    Augmentation.dihedral(a, 0, out, 0, 1, 3, 1);
    assertArrayEquals(new float[] {2, 5, 8, 1, 4, 7, 0, 3, 6}, out);
    Augmentation.dihedral(a, 0, out, 0, 1, 3, 5);
    assertArrayEquals(new float[] {8, 5, 2, 7, 4, 1, 6, 3, 0}, out);
    Augmentation.dihedral(a, 0, out, 0, 1, 3, 4);
    assertArrayEquals(new float[] {2, 1, 0, 5, 4, 3, 8, 7, 6}, out);
  }

  @Test
  void eightDistinctTransformsSameForEveryChannel() {
    float[] a = ramp(2, 4);
    Set<List<Float>> distinct = new HashSet<>();
    for (int k = 0; k < 8; k++) {
      float[] out = new float[a.length];
      Augmentation.dihedral(a, 0, out, 0, 2, 4, k);
      for (int i = 0; i < 16; i++) {
        assertEquals(out[i] + 16, out[16 + i], "channel 1 follows channel 0, k=" + k);
      }
      Float[] boxed = new Float[a.length];
      for (int i = 0; i < a.length; i++) {
        boxed[i] = out[i];
      }
      distinct.add(List.of(boxed));
    }
    assertEquals(8, distinct.size());
  }

  @Test
  void seededBatchIsReproducibleAndQuarterTurnRotationIsExact() {
    float[] batch = ramp(1, 6);
    float[] twice = new float[72];
    System.arraycopy(batch, 0, twice, 0, 36);
    System.arraycopy(batch, 0, twice, 36, 36);
    assertArrayEquals(Augmentation.augment(twice, 2, 1, 6, true, Augmentation.batchRandom(3, 1, 2)),
        Augmentation.augment(twice, 2, 1, 6, true, Augmentation.batchRandom(3, 1, 2)));
    // A rotation by pi/2 samples pixel centres exactly: it equals a dihedral transform (within float rounding).
    float[] r = new float[36];
    Augmentation.rotate(batch, 0, r, 0, 1, 6, Math.PI / 2);
    float[] best = null;
    for (int k = 0; k < 4; k++) {
      float[] d = new float[36];
      Augmentation.dihedral(batch, 0, d, 0, 1, 6, k);
      boolean same = true;
      for (int i = 0; i < 36; i++) {
        same &= Math.abs(d[i] - r[i]) < 1e-4;
      }
      if (same) {
        best = d;
      }
    }
    assertEquals(true, best != null, "rotate(pi/2) is one of the quarter turns");
    SplittableRandom rng = Augmentation.batchRandom(1, 0, 0);
    assertEquals(Augmentation.batchRandom(1, 0, 0).nextLong(), rng.nextLong());
  }
}
