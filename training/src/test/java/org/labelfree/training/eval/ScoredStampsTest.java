package org.labelfree.training.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.labelfree.labeling.dataset.SnrRange;
import org.labelfree.stamps.ShardAttributes;
import org.labelfree.stamps.StampRow;
import org.labelfree.stamps.StampShard;

class ScoredStampsTest {

  private static ScoredStamps three(float[] features, int dim) {
    return new ScoredStamps(new long[] {1, 2, 3}, new long[] {10, 10, 11}, new int[] {0, 1, 2},
        new double[] {1, 2, 3}, new double[] {4, 5, 6}, new float[] {3f, Float.NaN, 8f}, new byte[] {1, 0, 0},
        new byte[] {-1, 1, 0}, new float[] {0f, 0f, 1f, 3f, 2f, -2f}, features, dim);
  }

  @Test
  void scoresAreTheSoftmaxOfScaledLogits() {
    ScoredStamps s = three(null, 0);
    float[] p = s.scores(1.0);
    /* Float results of a double computation: 1e-7 is float rounding. */
    assertEquals(0.5, p[0], 1e-7);
    assertEquals(1 / (1 + Math.exp(-2)), p[1], 1e-7);
    assertEquals(1 / (1 + Math.exp(4)), p[2], 1e-7);
    assertEquals(1 / (1 + Math.exp(-1)), s.scores(2.0)[1], 1e-7);
  }

  @Test
  void excludeSnrKeepsNaNAndTheUpperBound() {
    ScoredStamps s = three(new float[] {1, 2, 3, 4, 5, 6}, 2);
    ScoredStamps cut = s.excludeSnr(new SnrRange(0, 8));
    /* S/N 3 is in [0, 8) and goes; NaN is in no range; 8 is the open upper bound and stays. */
    assertArrayEquals(new long[] {2, 3}, cut.diaSourceId());
    assertArrayEquals(new float[] {3, 4, 5, 6}, cut.features());
    assertArrayEquals(new float[] {1f, 3f, 2f, -2f}, cut.logits());
    assertArrayEquals(new byte[] {1, 0}, cut.isTrueTransient());
    assertEquals(2, cut.dim());
  }

  @Test
  void fromShardRows() {
    StampShard.Builder b = StampShard.builder(new ShardAttributes(List.of("difference"), "minmax", 2, "test", "ab"));
    for (int i = 0; i < 4; i++) {
      b.add(new StampRow(100 + i, 7 + i, i, "r", 10.0 + i, -5.0 - i, 1f, 1f, 2.5f * i, (byte) (i % 2), -1,
          (byte) (i == 2 ? 1 : 0), 0), new float[4]);
    }
    StampShard shard = b.build();
    int[] rows = ScoredStamps.rowsWithSplit(new byte[] {2, 0, 2, 1}, 2);
    assertArrayEquals(new int[] {0, 2}, rows);
    ScoredStamps s = ScoredStamps.of(shard, rows, new float[] {0, 1, 1, 0}, null, 0);
    assertArrayEquals(new long[] {100, 102}, s.diaSourceId());
    assertArrayEquals(new long[] {7, 9}, s.visit());
    assertArrayEquals(new int[] {0, 2}, s.detector());
    assertArrayEquals(new double[] {10, 12}, s.ra());
    assertArrayEquals(new double[] {-5, -7}, s.dec());
    assertArrayEquals(new float[] {0f, 5f}, s.snr());
    assertArrayEquals(new byte[] {0, 0}, s.label());
    assertArrayEquals(new byte[] {0, 1}, s.isTrueTransient());
  }

  @Test
  void badLengthsAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ScoredStamps(new long[] {1, 2}, new long[2], new int[2], new double[2], new double[2],
            new float[2], new byte[2], new byte[2], new float[3], null, 0));
    assertTrue(e.getMessage().contains("logits has length 3; expected 4"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> three(new float[5], 2));
    assertTrue(e.getMessage().contains("features has length 5; expected 6"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new ScoredStamps(new long[] {1}, new long[1], new int[1], new double[1], new double[1],
            new float[1], new byte[] {3}, new byte[1], new float[2], null, 0));
    assertTrue(e.getMessage().contains("label[0] is 3"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> three(null, 0).scores(0));
    assertTrue(e.getMessage().contains("temperature must be finite and > 0, but was 0.0"), e.getMessage());
  }
}
