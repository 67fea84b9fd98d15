package org.labelfree.fits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageF;
import org.labelfree.testing.TestData;

/** astropy and funpack as oracles: our files in astropy, astropy's and fpack's files in our reader. */
class FitsOracleTest {
  @TempDir Path dir;

  /** Opens a file with astropy, prints the EXTNAMEs, and dumps HDUs 1.. as big-endian raw bytes to dir/hduN.raw. */
  private static final String DUMP = String.join("\n",
      "import sys, numpy as np",
      "from astropy.io import fits",
      "path, out = sys.argv[1], sys.argv[2]",
      "with fits.open(path) as h:",
      "    print(','.join(x.name for x in h))",
      "    for i, x in enumerate(h):",
      "        if x.data is None: continue",
      "        d = x.data",
      "        dt = '>f4' if d.dtype.kind == 'f' else '>i4'",
      "        open(f'{out}/hdu{i}.raw', 'wb').write(np.ascontiguousarray(d, dtype=dt).tobytes())");

  @ParameterizedTest
  @EnumSource(value = FitsWriteOptions.Compression.class, names = {"NONE", "GZIP_2"})
  void ourLosslessFileOpensInAstropyWithIdenticalPixels(FitsWriteOptions.Compression c) throws IOException {
    TestData.requirePython("astropy", "numpy");
    Exposure e = TestExposures.full(45, 31, 11);
    Path p = dir.resolve("ours.fits");
    FitsExposures.write(e, p, FitsWriteOptions.defaults().withCompression(c));
    String names = TestData.python(DUMP, p.toString(), dir.toString()).strip();
    String expected = c == FitsWriteOptions.Compression.NONE ? "PRIMARY,IMAGE,MASK,VARIANCE"
        : "PRIMARY,IMAGE,MASK,VARIANCE";
    assertEquals(expected, names);
    assertArrayEquals(bigEndian(e.image().array()), Files.readAllBytes(dir.resolve("hdu1.raw")), "IMAGE bits");
    assertArrayEquals(bigEndian(e.mask().array()), Files.readAllBytes(dir.resolve("hdu2.raw")), "MASK bits");
    assertArrayEquals(bigEndian(e.variance().array()), Files.readAllBytes(dir.resolve("hdu3.raw")), "VARIANCE bits");
  }

  /**
   * A sub-image (xy0 != 0): in memory the WCS maps parent-grid pixels, in the file CRPIX refers to the stored array,
   * as LSST writes it. astropy, which knows nothing of xy0, must put local pixel (i, j) where we put parent pixel
   * (i + x0, j + y0), and reading the file back gives the same parent-grid WCS.
   */
  @Test
  void subImageWcsIsParentGridInMemoryAndLocalInTheFile() throws IOException {
    TestData.requirePython("astropy", "numpy");
    org.labelfree.wcs.TanWcs wcs = org.labelfree.wcs.TanWcs.of(new org.labelfree.wcs.SkyCoord(150.0, 2.0), 1200.25,
        300.5, org.labelfree.wcs.CdMatrix.northUp(0.2 / 3600));
    Exposure ex = Exposure.of(ImageF.filled(40, 30, 1f).withXy0(1000, 250)).withWcs(wcs);
    Path p = dir.resolve("sub.fits");
    FitsExposures.write(ex, p);
    String[] radec = TestData.python(String.join("\n",
        "import sys, warnings; warnings.simplefilter('ignore')",
        "from astropy.io import fits; from astropy.wcs import WCS",
        "w = WCS(fits.getheader(sys.argv[1], 'IMAGE'))",
        "r = w.all_pix2world([[3.0, 7.0]], 0)[0]",
        "print(repr(float(r[0])), repr(float(r[1])))"), p.toString()).strip().split(" ");
    org.labelfree.wcs.SkyCoord ours = wcs.pixelToSky(1003.0, 257.0);
    org.labelfree.wcs.SkyCoord theirs = new org.labelfree.wcs.SkyCoord(Double.parseDouble(radec[0]),
        Double.parseDouble(radec[1]));
    assertTrue(ours.separationDeg(theirs) < 1e-10, "astropy local (3, 7) vs our parent (1003, 257): "
        + ours.separationDeg(theirs) * 3.6e6 + " mas");
    org.labelfree.wcs.Wcs back = FitsExposures.read(p).wcs().orElseThrow();
    assertTrue(back.pixelToSky(1003.0, 257.0).separationDeg(ours) < 1e-12, "read back in the parent grid");
  }

  @Test
  void ourRiceFileUnpacksWithFunpackToTheSamePixels() throws IOException {
    TestData.requirePython("astropy", "numpy");
    TestData.requireProgram("funpack");
    Exposure e = TestExposures.full(64, 16, 12);
    Path p = dir.resolve("rice.fits");
    FitsExposures.write(e, p, FitsWriteOptions.defaults().withCompression(FitsWriteOptions.Compression.RICE_1));
    Exposure ours = FitsExposures.read(p);
    /* astropy 5.2 drops the NaNs of quantised tiles (ZBLANK), even in fpack's own files: unpack with cfitsio. */
    Path unpacked = dir.resolve("rice-unpacked.fits");
    TestData.Result r = TestData.run(List.of("funpack", "-O", unpacked.toString(), p.toString()), null);
    assertEquals(0, r.exitCode(), r.stderr());
    assertEquals("PRIMARY,IMAGE,MASK,VARIANCE", TestData.python(DUMP, unpacked.toString(), dir.toString()).strip());
    assertArrayEquals(bigEndian(e.mask().array()), Files.readAllBytes(dir.resolve("hdu2.raw")), "MASK is lossless");
    /* Both undo the same quantisation (cfitsio's dither formula, in double): equal to 1 float ulp, NaN kept. */
    assertSamePixels(floats(Files.readAllBytes(dir.resolve("hdu1.raw"))), ours.image().array());
    assertSamePixels(floats(Files.readAllBytes(dir.resolve("hdu3.raw"))), ours.variance().array());
  }

  private static int assertSamePixels(float[] theirs, float[] mine) {
    assertEquals(theirs.length, mine.length);
    int exact = 0;
    for (int i = 0; i < mine.length; i++) {
      if (Float.isNaN(theirs[i]) || Float.isNaN(mine[i])) {
        assertTrue(Float.isNaN(theirs[i]) && Float.isNaN(mine[i]), "NaN in one reader only at " + i + ": "
            + theirs[i] + " vs " + mine[i]);
      } else {
        /* 1 float ulp, and near zero 1e-6 absolute: the two dequantisations round differently in double before
           the cast to float; 1e-6 is 1e-5 of the smallest quantisation step (ZSCALE >= 0.10 in the TESS file). */
        assertEquals(theirs[i], mine[i], Math.max(Math.ulp(theirs[i]), 1e-6), "pixel " + i);
        exact += theirs[i] == mine[i] ? 1 : 0;
      }
    }
    return exact;
  }

  @Test
  void astropyCompressedCalexpReadsWithIdenticalPixels() throws IOException {
    TestData.requirePython("astropy", "numpy");
    String script = String.join("\n",
        "import sys, numpy as np",
        "from astropy.io import fits",
        "out = sys.argv[1]",
        "rng = np.random.default_rng(3)",
        "img = rng.normal(100, 10, (33, 47)).astype('f4'); img[5, 7] = np.nan",
        "var = rng.uniform(50, 60, (33, 47)).astype('f4')",
        "msk = rng.integers(0, 2**31 - 1, (33, 47)).astype('i4'); msk[0, 0] = -5",
        "p = fits.PrimaryHDU(); p.header['VISIT'] = 77; p.header['BAND'] = 'g'",
        "m = fits.CompImageHDU(msk, compression_type='RICE_1', name='MASK'); m.header['MP_BAD'] = 0",
        "fits.HDUList([p, fits.CompImageHDU(img, compression_type='GZIP_2', quantize_level=0.0, name='IMAGE'), m,",
        "    fits.CompImageHDU(var, compression_type='GZIP_2', quantize_level=0.0, name='VARIANCE')]).writeto(",
        "    out + '/astropy.fits')",
        "for n, a in (('img', img.astype('>f4')), ('msk', msk.astype('>i4')), ('var', var.astype('>f4'))):",
        "    open(f'{out}/{n}.raw', 'wb').write(a.tobytes())");
    TestData.python(script, dir.toString());
    Exposure e = FitsExposures.read(dir.resolve("astropy.fits"));
    assertArrayEquals(Files.readAllBytes(dir.resolve("img.raw")), bigEndian(e.image().array()), "GZIP_2 float");
    assertArrayEquals(Files.readAllBytes(dir.resolve("msk.raw")), bigEndian(e.mask().array()), "RICE_1 int32");
    assertArrayEquals(Files.readAllBytes(dir.resolve("var.raw")), bigEndian(e.variance().array()), "GZIP_2 float");
    assertEquals(77, e.visitInfo().visit());
    assertEquals("g", e.visitInfo().band());
    assertEquals(List.of("BAD"), List.copyOf(e.mask().planes().asMap().keySet()));
  }

  @Test
  void tessFpackImageMatchesFunpackAndAstropy() throws IOException {
    TestData.requirePython("astropy", "numpy");
    TestData.requireProgram("funpack");
    Path fz = TestData.real("compressed/tess_sfft_diff.fits.fz");
    Path unpacked = dir.resolve("tess.fits");
    TestData.Result r = TestData.run(List.of("funpack", "-O", unpacked.toString(), fz.toString()), null);
    assertEquals(0, r.exitCode(), r.stderr());
    TestData.python(DUMP, unpacked.toString(), dir.toString());
    Path raw = Files.exists(dir.resolve("hdu0.raw")) ? dir.resolve("hdu0.raw") : dir.resolve("hdu1.raw");
    float[] theirs = floats(Files.readAllBytes(raw));
    ImageF mine = FitsInspector.readImage(FitsPath.of(fz));
    assertEquals(2048, mine.width());
    assertEquals(2048, mine.height());
    /* The file is quantised (RICE_1, SUBTRACTIVE_DITHER_1, ZBITPIX -64, 77930 null pixels): both dequantise in
       double and round to float32 here, so pixels agree to 1 float ulp and the NaN sets are identical. */
    int exact = assertSamePixels(theirs, mine.array());
    assertTrue(exact > theirs.length / 2, "most pixels exact: " + exact);
  }

  @Test
  void sepImageScaledShortsMatchAstropy() throws IOException {
    TestData.requirePython("astropy", "numpy");
    Path f = TestData.real("sep/image.fits");
    String script = String.join("\n",
        "import sys, numpy as np",
        "from astropy.io import fits",
        "h = fits.open(sys.argv[1], do_not_scale_image_data=True)[0]",
        "raw = h.data.astype('f8')",
        "v = raw * h.header['BSCALE'] + h.header['BZERO']",
        "open(sys.argv[2] + '/sep.raw', 'wb').write(v.astype('>f4').tobytes())",
        "open(sys.argv[2] + '/sep_astropy.raw', 'wb').write(fits.getdata(sys.argv[1]).astype('>f4').tobytes())");
    TestData.python(script, f.toString(), dir.toString());
    ImageF mine = FitsInspector.readImage(FitsPath.of(f));
    /* Same arithmetic (double, rounded to float once): exact. */
    assertArrayEquals(Files.readAllBytes(dir.resolve("sep.raw")), bigEndian(mine.array()));
    /* astropy's own scaling works in float32: within 1 ulp. */
    float[] astropy = floats(Files.readAllBytes(dir.resolve("sep_astropy.raw")));
    for (int i = 0; i < astropy.length; i++) {
      assertEquals(astropy[i], mine.array()[i], Math.ulp(astropy[i]), "pixel " + i);
    }
    Exposure e = FitsExposures.read(f);
    assertEquals("EMMI", e.visitInfo().instrument());
    assertEquals(1200.0, e.visitInfo().exposureTime());
  }

  static byte[] bigEndian(float[] a) {
    ByteBuffer b = ByteBuffer.allocate(a.length * 4).order(ByteOrder.BIG_ENDIAN);
    b.asFloatBuffer().put(a);
    return b.array();
  }

  static byte[] bigEndian(int[] a) {
    ByteBuffer b = ByteBuffer.allocate(a.length * 4).order(ByteOrder.BIG_ENDIAN);
    b.asIntBuffer().put(a);
    return b.array();
  }

  static float[] floats(byte[] raw) {
    float[] out = new float[raw.length / 4];
    ByteBuffer.wrap(raw).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(out);
    return out;
  }
}
