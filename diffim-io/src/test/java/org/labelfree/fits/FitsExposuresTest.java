package org.labelfree.fits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageF;
import org.labelfree.image.ImagePsf;
import org.labelfree.image.Metadata;
import org.labelfree.image.MoffatPsf;
import org.labelfree.testing.TestData;
import org.labelfree.wcs.SkyCoord;
import org.labelfree.wcs.Wcs;

class FitsExposuresTest {
  @TempDir Path dir;

  @Test
  void roundTripUncompressedIsExact() {
    Exposure e = TestExposures.full(37, 23, 1);
    Path p = dir.resolve("calexp.fits");
    FitsExposures.write(e, p);
    Exposure back = FitsExposures.read(p);
    assertEquals(e.image(), back.image());
    assertEquals(e.mask(), back.mask());
    assertEquals(e.variance(), back.variance());
    assertEquals(e.visitInfo(), back.visitInfo());
    assertEquals(e.photoCalib(), back.photoCalib());
    assertEquals(e.psf(), back.psf());
    assertEquals(e.metadata(), back.metadata());
    assertEquals(e, back);
  }

  @Test
  void roundTripWithMoffatPsfGivesAnEqualRecord() {
    MoffatPsf psf = new MoffatPsf(3.1, 3.7, 0.07, -0.031, 2047.5, 1023.25, 2.5e-4, -1.0 / 3e4, 27);
    Exposure e = TestExposures.full(16, 12, 3).withPsf(psf);
    Path p = dir.resolve("moffat.fits");
    FitsExposures.write(e, p);
    Exposure back = FitsExposures.read(p);
    assertEquals(Optional.of(psf), back.psf());
    for (String key : List.of("PSFTYPE", "PSFFWHM", "PSFBETA", "PSFE1", "PSFE2", "PSFXC", "PSFYC", "PSFDFWX",
        "PSFDFWY", "PSFSIZE")) {
      assertFalse(back.metadata().contains(key), key + " leaked into the metadata");
    }
    assertEquals(e, back);
  }

  /** The WCS of a real header (raw 2880-byte blocks), parsed with our card parser. */
  static Wcs realWcs(String name) throws IOException {
    byte[] b = Files.readAllBytes(TestData.real("wcs/" + name));
    Metadata cards = CardCodec.parse(b, CardCodec.findEnd(b, b.length), name, new Defects(name));
    return Wcs.fromHeader(cards, name).orElseThrow();
  }

  /** pixelToSky of both WCSs agree to 1e-12 deg on an 11 x 11 grid over (and beyond) the image. */
  static void assertSameWcs(Wcs expected, Wcs actual, int w, int h) {
    for (int j = 0; j <= 10; j++) {
      for (int i = 0; i <= 10; i++) {
        double x = -0.1 * w + i * 0.12 * w;
        double y = -0.1 * h + j * 0.12 * h;
        SkyCoord a = expected.pixelToSky(x, y);
        SkyCoord b = actual.pixelToSky(x, y);
        assertEquals(0, a.separationDeg(b), 1e-12, "at (" + x + ", " + y + ")");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"irac_sip.hdr", "tpvonly.hdr", "siponly.hdr"})
  void roundTripKeepsTheWcs(String header) throws IOException {
    Wcs wcs = realWcs(header);
    Exposure e = TestExposures.full(30, 20, 9).withWcs(wcs);
    for (FitsWriteOptions.Compression c : FitsWriteOptions.Compression.values()) {
      Path p = dir.resolve(header + "-" + c + ".fits");
      FitsExposures.write(e, p, FitsWriteOptions.defaults().withCompression(c));
      Exposure back = FitsExposures.read(p);
      assertSameWcs(wcs, back.wcs().orElseThrow(), 30, 20);
      assertEquals(e.metadata(), back.metadata(), "WCS cards do not leak into the metadata");
      if (c != FitsWriteOptions.Compression.RICE_1) {
        assertEquals(e, back.withWcs(wcs));
      }
    }
  }

  @Test
  void roundTripWithImagePsf() throws IOException {
    SplittableRandom rnd = new SplittableRandom(5);
    float[] k = new float[7 * 9];
    for (int i = 0; i < k.length; i++) {
      k[i] = (float) rnd.nextDouble();
    }
    Wcs wcs = realWcs("irac_sip.hdr");
    Exposure e = TestExposures.full(16, 12, 2).withPsf(new ImagePsf(ImageF.wrap(7, 9, k))).withWcs(wcs);
    Path p = dir.resolve("psf.fits");
    FitsExposures.write(e, p);
    Exposure back = FitsExposures.read(p);
    ImageF a = ((ImagePsf) e.psf().orElseThrow()).kernel();
    ImageF b = ((ImagePsf) back.psf().orElseThrow()).kernel();
    /* Re-normalising an already normalised float kernel may move a value by 1 ulp. */
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.array()[i], b.array()[i], Math.ulp(a.array()[i]));
    }
    assertSameWcs(wcs, back.wcs().orElseThrow(), 16, 12);
    assertEquals(e.withPsf(null), back.withPsf(null).withWcs(wcs));
    assertEquals("PRIMARY,IMAGE,MASK,VARIANCE,PSF", String.join(",", FitsInspector.inspect(p).stream()
        .map(s -> s.index() == 0 ? "PRIMARY" : s.extname()).toList()));
  }

  @Test
  void gzipRoundTripIsLossless() {
    Exposure e = TestExposures.full(40, 30, 3);
    Path p = dir.resolve("gz.fits");
    FitsExposures.write(e, p, FitsWriteOptions.defaults().withCompression(FitsWriteOptions.Compression.GZIP_2));
    Exposure back = FitsExposures.read(p);
    assertEquals(e, back);
    List<HduSummary> hdus = FitsInspector.inspect(p);
    assertEquals(HduKind.COMPRESSED_IMAGE, hdus.get(1).kind());
    assertEquals("GZIP_2", hdus.get(1).compression());
    assertEquals(-32, hdus.get(1).bitpix());
    assertEquals(32, hdus.get(2).bitpix());
  }

  @Test
  void riceRoundTripKeepsMaskExactAndFloatsWithinQuantisation() {
    Exposure e = TestExposures.full(64, 20, 4);
    Path p = dir.resolve("rice.fits");
    FitsExposures.write(e, p, FitsWriteOptions.defaults().withCompression(FitsWriteOptions.Compression.RICE_1));
    Exposure back = FitsExposures.read(p);
    assertEquals(e.mask(), back.mask());
    assertEquals(e.metadata(), back.metadata());
    /* q = 16: step = sigma / 16 with sigma ~ 10, so errors stay below half a step (~0.32); allow 0.5. */
    assertClose(e.image().array(), back.image().array(), 0.5);
    /* Variance noise ~0.29 (uniform): step ~0.018; infinities become NaN. */
    assertClose(e.variance().array(), back.variance().array(), 0.02);
  }

  private static void assertClose(float[] a, float[] b, double tol) {
    for (int i = 0; i < a.length; i++) {
      if (!Float.isFinite(a[i])) {
        assertTrue(Float.isNaN(b[i]), "NaN kept at " + i);
      } else {
        assertEquals(a[i], b[i], tol, "pixel " + i);
      }
    }
  }

  @Test
  void writingIsDeterministicAndAtomic() throws IOException {
    Exposure e = TestExposures.full(33, 17, 6);
    for (FitsWriteOptions.Compression c : FitsWriteOptions.Compression.values()) {
      Path a = dir.resolve("a-" + c + ".fits");
      Path b = dir.resolve("b-" + c + ".fits");
      FitsWriteOptions o = FitsWriteOptions.defaults().withCompression(c);
      FitsExposures.write(e, a, o);
      FitsExposures.write(e, b, o);
      assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "same bytes for " + c);
      assertEquals(0, Files.size(a) % 2880);
    }
    try (var s = Files.list(dir)) {
      assertFalse(s.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file left");
    }
  }

  @Test
  void selectorPicksTheCalexpOrAPlane() {
    Exposure e = TestExposures.full(12, 10, 7);
    Path p = dir.resolve("sel.fits");
    FitsExposures.write(e, p);
    assertEquals(e, FitsExposures.read(FitsPath.parse(p + "[1]")));
    assertEquals(e, FitsExposures.read(FitsPath.parse(p + "[image]")));
    ImageF variance = FitsInspector.readImage(FitsPath.parse(p + "[VARIANCE]"));
    assertEquals(e.variance(), variance);
    Exposure single = FitsExposures.read(FitsPath.parse(p + "[3]"));
    assertEquals(e.variance(), single.image());
    assertTrue(Float.isNaN(single.variance().get(0, 0)));
  }
}
