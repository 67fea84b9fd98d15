package org.labelfree.diffim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageF;
import org.labelfree.image.Mask;
import org.labelfree.image.MaskPlanes;
import org.labelfree.image.MoffatPsf;

/** Stamp selection: S/N, cell quota, edges, NaN and saturation are honoured; supplied positions are filtered alike. */
class KernelCandidatesTest {

  @Test
  void selectsBrightIsolatedCleanStarsWithinTheCellQuota() {
    SyntheticPair pair = new SyntheticPair(256, 11L, 8);
    AlardLuptonConfig cfg = AlardLuptonConfig.defaults();

    /* Spoil one star region with NaN in the science image and saturate a new bright star in the template. */
    float[] sci = pair.broad.image().copyPixels();
    for (int y = 100; y < 110; y++) {
      for (int x = 100; x < 110; x++) {
        sci[y * 256 + x] = Float.NaN;
      }
    }
    float[] tmp = pair.sharp.image().copyPixels();
    MoffatPsf.addMoffat(tmp, 256, 256, 200, 60, 5e6, 3.0, 3.0, 0, 0, 40);
    Exposure s = pair.broad.withImage(ImageF.of(256, 256, sci));
    Exposure t = pair.sharp.withImage(ImageF.of(256, 256, tmp))
        .withMetadata(pair.sharp.metadata().toBuilder().set("SATURATE", 60000.0).build());
    List<KernelStamp> stamps = KernelCandidates.find(s, t, pair.fwhmBroad(), 3.0, cfg);

    int hd = KernelCandidates.fitHalfWidth(pair.fwhmBroad(), 3.0)
        + KernelBasis.kernelSize(pair.fwhmBroad(), 3.0, false, cfg) / 2;
    Map<Integer, Integer> perCell = new HashMap<>();
    assertTrue(stamps.size() >= 4, "stamps: " + stamps.size());
    for (KernelStamp k : stamps) {
      assertTrue(k.snr() >= KernelCandidates.MIN_SNR, "snr " + k.snr());
      assertTrue(k.x() >= hd && k.y() >= hd && k.x() < 256 - hd && k.y() < 256 - hd, "inside: " + k);
      assertTrue(Math.abs(k.x() - 105) > hd || Math.abs(k.y() - 105) > hd, "touches the NaN block: " + k);
      assertTrue(Math.hypot(k.x() - 200, k.y() - 60) > 3, "saturated star chosen: " + k);
      perCell.merge((int) (k.y() * 8 / 256) * 8 + (int) (k.x() * 8 / 256), 1, Integer::sum);
    }
    perCell.values().forEach(n -> assertTrue(n <= cfg.stampsPerCell()));
  }

  @Test
  void suppliedPositionsAreFilteredByTheSameRules() {
    SyntheticPair pair = new SyntheticPair(256, 11L, 8);
    AlardLuptonConfig cfg = AlardLuptonConfig.defaults();
    List<KernelStamp> found = KernelCandidates.find(pair.broad, pair.sharp, pair.fwhmBroad(), 3.0, cfg);
    KernelStamp good = found.get(0);
    /* A good star offset by one pixel (moved back to its peak), a point on the edge, and empty sky. */
    double[] x = {good.x() + 1, 3, 128.5};
    double[] y = {good.y(), 3, 3};
    List<KernelStamp> kept = KernelCandidates.find(pair.broad, pair.sharp, x, y, pair.fwhmBroad(), 3.0, cfg);
    assertEquals(1, kept.size(), "kept: " + kept);
    assertEquals(good.x(), kept.get(0).x(), 0);
    assertEquals(good.y(), kept.get(0).y(), 0);
  }

  @Test
  void satMaskBitExcludesAStar() {
    SyntheticPair pair = new SyntheticPair(256, 11L, 8);
    AlardLuptonConfig cfg = AlardLuptonConfig.defaults();
    List<KernelStamp> found = KernelCandidates.find(pair.broad, pair.sharp, pair.fwhmBroad(), 3.0, cfg);
    KernelStamp victim = found.get(0);
    int[] bits = new int[256 * 256];
    bits[(int) victim.y() * 256 + (int) victim.x()] = MaskPlanes.defaults().bitmask("SAT");
    Exposure t = pair.sharp.withMask(Mask.of(256, 256, bits, MaskPlanes.defaults()));
    List<KernelStamp> again = KernelCandidates.find(pair.broad, t, pair.fwhmBroad(), 3.0, cfg);
    assertTrue(again.stream().noneMatch(k -> k.x() == victim.x() && k.y() == victim.y()));
  }
}
