package org.labelfree.labeling.stamps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.testing.TestData;

class ZScaleTest {
  @TempDir Path dir;

  /** Seeded test samples: Gaussian noise, with a bright source, heavy tails, a large (strided) set and a tiny one. */
  private static float[][] cases() {
    SplittableRandom rng = new SplittableRandom(77);
    float[] noise = new float[900];
    float[] source = new float[900];
    float[] cauchy = new float[900];
    float[] large = new float[2500];
    float[] tiny = {3f, -1f, 2f};
    for (int i = 0; i < 900; i++) {
      noise[i] = (float) (5 + 2 * rng.nextGaussian());
      int dx = i % 30 - 15;
      int dy = i / 30 - 15;
      source[i] = (float) (rng.nextGaussian() + 800 * Math.exp(-(dx * dx + dy * dy) / 4.5));
      cauchy[i] = (float) Math.tan(Math.PI * (rng.nextDouble() - 0.5));
    }
    for (int i = 0; i < large.length; i++) {
      large[i] = (float) (rng.nextGaussian() * 10 + (i % 97 == 0 ? 500 : 0));
    }
    return new float[][] {noise, source, cauchy, large, tiny};
  }

  /** Our limits equal astropy's ZScaleInterval (default parameters) on the same samples. */
  @Test
  void matchesAstropy() throws IOException {
    TestData.requirePython("numpy", "astropy");
    float[][] cases = cases();
    String[] args = new String[cases.length];
    for (int c = 0; c < cases.length; c++) {
      Path p = dir.resolve("case" + c + ".f4");
      ByteBuffer bb = ByteBuffer.allocate(4 * cases[c].length).order(ByteOrder.LITTLE_ENDIAN);
      bb.asFloatBuffer().put(cases[c]);
      Files.write(p, bb.array());
      args[c] = p.toString();
    }
    String out = TestData.python(String.join("\n",
        "import sys, numpy as np",
        "from astropy.visualization import ZScaleInterval",
        "for f in sys.argv[1:]:",
        "    z1, z2 = ZScaleInterval().get_limits(np.fromfile(f, dtype='<f4'))",
        "    print(repr(float(z1)), repr(float(z2)))"), args);
    String[] lines = out.strip().split("\n");
    assertEquals(cases.length, lines.length, out);
    ZScale z = new ZScale();
    for (int c = 0; c < cases.length; c++) {
      String[] parts = lines[c].trim().split(" ");
      double z1 = Double.parseDouble(parts[0]);
      double z2 = Double.parseDouble(parts[1]);
      double[] ours = z.limits(cases[c], cases[c].length);
      /* astropy takes the median in float32: allow 1e-6 of the limits' span plus float32 rounding of the values. */
      double tol = 1e-6 * Math.abs(z2 - z1) + 1e-6 * Math.max(Math.abs(z1), Math.abs(z2));
      assertEquals(z1, ours[0], tol, "z1 of case " + c);
      assertEquals(z2, ours[1], tol, "z2 of case " + c);
    }
  }

  /** Without python: limits lie inside the data range, and follow the noise, not a bright source. */
  @Test
  void limitsFollowTheNoise() {
    float[][] cases = cases();
    ZScale z = new ZScale();
    double[] source = z.limits(cases[1], 900);
    assertTrue(source[0] < source[1]);
    assertTrue(source[1] < 20, "z2 = " + source[1] + " should follow the unit noise, not the 800-count peak");
    double[] tiny = z.limits(cases[4], 3);
    assertEquals(-1.0, tiny[0], 0.0, "too few samples for a fit: the data range");
    assertEquals(3.0, tiny[1], 0.0);
  }
}
