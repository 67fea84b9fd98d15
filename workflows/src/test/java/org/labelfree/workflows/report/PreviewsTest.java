package org.labelfree.workflows.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.image.ImageF;
import org.labelfree.image.Mask;
import org.labelfree.image.MaskPlanes;

/** PNG previews: size, stretch, orientation, NaN and masked pixels, options. */
class PreviewsTest {
  @TempDir Path dir;

  /** Noise (sigma 10 around 100, seed 7) plus a bright Gaussian (peak 2000, sigma 3 px) at (cx, cy). */
  private static ImageF scene(int w, int h, int cx, int cy) {
    SplittableRandom rng = new SplittableRandom(7);
    float[] px = new float[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double r2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
        px[y * w + x] = (float) (100 + 10 * rng.nextGaussian() + 2000 * Math.exp(-r2 / 18));
      }
    }
    return ImageF.wrap(w, h, px);
  }

  private static BufferedImage read(Path p) throws IOException {
    BufferedImage img = ImageIO.read(p.toFile());
    assertEquals(BufferedImage.TYPE_BYTE_GRAY, img.getType());
    return img;
  }

  private static int grey(BufferedImage img, int x, int row) {
    return img.getRaster().getSample(x, row, 0);
  }

  @Test
  void sourceIsBrighterThanTheBackgroundAndOnlyThisFileIsLeft() throws IOException {
    Path p = dir.resolve("scene.png");
    Previews.writeAsinhPng(scene(200, 150, 100, 75), null, p, PreviewOptions.defaults());
    BufferedImage img = read(p);
    assertEquals(200, img.getWidth());
    assertEquals(150, img.getHeight());
    /* Peak = median + 200 sigma > 50 sigma: white. The background median maps to 0.06 x 255 = 15; a 4-sigma noise
       pixel to 0.06 + 0.94 asinh(4) / asinh(50) = 0.50, so every background pixel is below 130. */
    assertEquals(255, grey(img, 100, 149 - 75));
    for (int[] at : new int[][] {{5, 5}, {190, 10}, {20, 140}, {180, 130}}) {
      assertTrue(grey(img, at[0], at[1]) < 130, "background at " + at[0] + "," + at[1]);
    }
    long sum = 0;
    for (int x = 0; x < 50; x++) {
      sum += grey(img, x, 10);
    }
    double mean = sum / 50.0;
    /* The mean of stretched noise is near the median's level 15 (asymmetric clipping below raises it a little). */
    assertTrue(mean > 10 && mean < 60, "mean background grey " + mean);
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(p), files.toList(), "no temporary file left behind");
    }
  }

  @Test
  void largeImagesAreBlockAveragedToFit() throws IOException {
    Path p = dir.resolve("small.png");
    Previews.writeAsinhPng(scene(200, 150, 100, 75), null, p, new PreviewOptions(1, 50, 64));
    BufferedImage img = read(p);
    /* Factor ceil(200 / 64) = 4: 50 x 38 (the last row of blocks is partial). */
    assertEquals(50, img.getWidth());
    assertEquals(38, img.getHeight());
    assertTrue(grey(img, 25, 37 - 18) > 200, "the source survives block averaging");
    assertTrue(grey(img, 2, 2) < 80, "block-averaged noise is darker than single pixels");
  }

  @Test
  void imageRowZeroIsTheBottomOfThePng() throws IOException {
    ImageF image = scene(60, 40, 1000, 1000);
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 5; x++) {
        image.array()[y * 60 + x] = 1e5f;
      }
    }
    Path p = dir.resolve("corner.png");
    Previews.writeAsinhPng(image, null, p, PreviewOptions.defaults());
    BufferedImage img = read(p);
    assertEquals(255, grey(img, 0, 39), "bottom-left of the PNG is the image's (0, 0)");
    assertTrue(grey(img, 0, 0) < 130, "top-left of the PNG is the image's (0, 39)");
  }

  @Test
  void nanAndNoDataPixelsAreBlack() throws IOException {
    ImageF image = scene(50, 50, 25, 25);
    image.array()[25 * 50 + 25] = Float.NaN;
    Mask mask = Mask.zeros(50, 50, MaskPlanes.defaults());
    mask.array()[24 * 50 + 25] = MaskPlanes.defaults().bitmask("NO_DATA");
    Path p = dir.resolve("nan.png");
    Previews.writeAsinhPng(image, mask, p, PreviewOptions.defaults());
    BufferedImage img = read(p);
    assertEquals(0, grey(img, 25, 49 - 25), "NaN");
    assertEquals(0, grey(img, 25, 49 - 24), "NO_DATA");
    assertEquals(255, grey(img, 26, 49 - 25), "the source beside them");
  }

  @Test
  void badArgumentsThrowNamingTheParameter() {
    for (Object[] c : new Object[][] {
        {"softeningSigmas", 0.0, 50.0, 10}, {"softeningSigmas", Double.NaN, 50.0, 10},
        {"maxSigmas", 1.0, -1.0, 10}, {"maxSigmas", 1.0, Double.POSITIVE_INFINITY, 10}, {"maxSize", 1.0, 50.0, 0}}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new PreviewOptions((double) c[1], (double) c[2], (int) c[3]));
      assertTrue(e.getMessage().contains((String) c[0]), e.getMessage());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Previews.writeAsinhPng(
        ImageF.zeros(4, 4), Mask.zeros(4, 5), dir.resolve("x.png"), PreviewOptions.defaults()));
    assertTrue(e.getMessage().contains("mask"), e.getMessage());
  }
}
