package org.labelfree.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.labelfree.testing.TestData;

class CatalogFormatsTest {
  @TempDir Path dir;

  /** The sample catalogue without units and descriptions: what CSV keeps. */
  static Catalog withoutMetadata(Catalog c) {
    List<Column> out = new ArrayList<>();
    for (Column col : c.columns()) {
      out.add(col.withMetadata("", ""));
    }
    return Catalog.of(out);
  }

  static Map<String, ColumnType> schemaOf(Catalog c) {
    Map<String, ColumnType> m = new LinkedHashMap<>();
    for (Column col : c.columns()) {
      m.put(col.name(), col.type());
    }
    return m;
  }

  /** A seeded random catalogue of all six types, with NaNs, infinities and awkward strings. */
  static Catalog random(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] d = new double[n];
    float[] f = new float[n];
    long[] l = new long[n];
    int[] i = new int[n];
    boolean[] b = new boolean[n];
    String[] s = new String[n];
    String[] pieces = {"a", ",", "\"", "x y", "q'", "7", ""};
    for (int k = 0; k < n; k++) {
      d[k] = rng.nextInt(50) == 0 ? Double.NaN : (rng.nextDouble() - 0.5) * Math.pow(10, rng.nextInt(-300, 300));
      f[k] = rng.nextInt(50) == 0 ? Float.NEGATIVE_INFINITY : (float) rng.nextDouble(-1e6, 1e6);
      l[k] = rng.nextLong();
      i[k] = rng.nextInt();
      b[k] = rng.nextBoolean();
      StringBuilder sb = new StringBuilder();
      for (int p = rng.nextInt(4); p > 0; p--) {
        sb.append(pieces[rng.nextInt(pieces.length)]);
      }
      s[k] = sb.toString().stripTrailing();
    }
    return Catalog.builder()
        .addDoubles("d", d, "mag", "a double").addFloats("f", f, "pix", "a float")
        .addLongs("l", l, "", "a long").addInts("i", i, "count", "")
        .addBooleans("b", b, "", "a flag").addStrings("s", s, "", "text").build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"cat.parquet", "cat.fits", "cat.FIT"})
  void parquetAndFitsRoundTripValuesUnitsAndDescriptions(String name) throws IOException {
    Catalog c = CatalogTest.sample();
    Path p = dir.resolve(name);
    Catalogs.write(c, p);
    assertEquals(c, Catalogs.read(p));
  }

  @Test
  void csvRoundTripsValuesWithSchema() throws IOException {
    Catalog c = CatalogTest.sample();
    Path p = dir.resolve("cat.csv");
    Catalogs.write(c, p);
    Catalog back = CsvCatalogFormat.read(p, schemaOf(c), List.of("ra", "id"));
    assertEquals(withoutMetadata(c), back);
  }

  @ParameterizedTest
  @ValueSource(strings = {"r.parquet", "r.fits", "r.csv"})
  void randomCatalogueRoundTripsExactly(String name) throws IOException {
    Catalog c = random(5000, 42);
    Path p = dir.resolve(name);
    Catalogs.write(c, p);
    Catalog back = name.endsWith(".csv") ? CsvCatalogFormat.read(p, schemaOf(c), List.of()) : Catalogs.read(p);
    assertEquals(name.endsWith(".csv") ? withoutMetadata(c) : c, back);
  }

  @ParameterizedTest
  @ValueSource(strings = {"e.parquet", "e.fits", "e.csv"})
  void emptyCatalogueRoundTrips(String name) throws IOException {
    Catalog c = Catalog.builder().addDoubles("x", new double[0], "", "").addStrings("s", new String[0], "", "")
        .build();
    Path p = dir.resolve(name);
    Catalogs.write(c, p);
    Catalog back = name.endsWith(".csv") ? CsvCatalogFormat.read(p, schemaOf(c), List.of()) : Catalogs.read(p);
    assertEquals(c, back);
  }

  @Test
  void fitsLosesTrailingSpacesOnlyAndHandlesAllEmptyStrings() throws IOException {
    Catalog c = Catalog.builder().addStrings("s", new String[] {"  lead", "trail  ", ""}, "", "")
        .addStrings("e", new String[] {"", "", ""}, "", "").build();
    Path p = dir.resolve("s.fits");
    Catalogs.write(c, p);
    Catalog back = Catalogs.read(p);
    assertArrayEquals(new String[] {"  lead", "trail", ""}, back.stringColumn("s"));
    assertArrayEquals(new String[] {"", "", ""}, back.stringColumn("e"));
  }

  @Test
  void fitsWriterRejectsNonAsciiStrings() {
    Catalog c = Catalog.builder().addStrings("s", new String[] {"\u00e9"}, "", "").build();
    assertThrows(IllegalArgumentException.class, () -> Catalogs.write(c, dir.resolve("u.fits")));
  }

  @Test
  void parquetBytesAreDeterministic() throws IOException {
    Catalog c = random(20000, 7);
    Path a = dir.resolve("a.parquet");
    Path b = dir.resolve("b.parquet");
    Catalogs.write(c, a);
    Catalogs.write(c, b);
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
  }

  @Test
  void writeReplacesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
    Path p = dir.resolve("cat.parquet");
    Files.writeString(p, "old content");
    Catalogs.write(CatalogTest.sample(), p);
    assertEquals(CatalogTest.sample(), Catalogs.read(p));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(p), files.toList());
    }
  }

  @Test
  void parquetPathWithQuoteIsEscaped() throws IOException {
    Path sub = Files.createDirectories(dir.resolve("o'brien's"));
    Path p = sub.resolve("x'); DROP TABLE catalog; --.parquet");
    Catalogs.write(CatalogTest.sample(), p);
    assertEquals(CatalogTest.sample(), Catalogs.read(p));
  }

  @Test
  void csvInfersTypes() throws IOException {
    Path p = dir.resolve("infer.csv");
    Files.writeString(p, "\uFEFFid,x,ok,name,mixed,blank\r\n"
        + "1,1.5,true,a,1,\r\n"
        + "9007199254740993,nan,FALSE,\"b,c\",x,\r\n"
        + "\r\n"
        + "-3,-inf,true,\"say \"\"hi\"\"\",2.5,\n");
    Catalog c = CsvCatalogFormat.read(p);
    assertEquals(List.of(ColumnType.LONG, ColumnType.DOUBLE, ColumnType.BOOLEAN, ColumnType.STRING,
        ColumnType.STRING, ColumnType.STRING), c.schema().stream().map(ColumnSpec::type).toList());
    assertArrayEquals(new long[] {1, 9007199254740993L, -3}, c.longColumn("id"));
    double[] x = c.doubleColumn("x");
    assertEquals(1.5, x[0], 0.0);
    assertTrue(Double.isNaN(x[1]));
    assertEquals(Double.NEGATIVE_INFINITY, x[2], 0.0);
    assertArrayEquals(new boolean[] {true, false, true}, c.booleanColumn("ok"));
    assertArrayEquals(new String[] {"a", "b,c", "say \"hi\""}, c.stringColumn("name"));
  }

  @Test
  void csvEmptyCellIsNanInDoubleColumns() throws IOException {
    Path p = dir.resolve("nan.csv");
    Files.writeString(p, "x,y\n1, 2.5 \n,3\n");
    Catalog c = CsvCatalogFormat.read(p);
    assertEquals(ColumnType.DOUBLE, c.column("x").type());
    assertTrue(Double.isNaN(c.doubleColumn("x")[1]));
    assertEquals(2.5, c.doubleColumn("y")[0], 0.0);
  }

  @Test
  void facadeRejectsUnknownExtension() {
    assertThrows(IllegalArgumentException.class, () -> Catalogs.read(dir.resolve("x.txt")));
  }

  @Test
  void fitsHeaderHasTheDocumentedCards() throws IOException {
    Path p = dir.resolve("cards.fits");
    Catalogs.write(CatalogTest.sample(), p);
    String header = new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.US_ASCII);
    for (String card : new String[] {"EXTNAME = 'CATALOG '", "TTYPE1  = 'ra      '", "TFORM1  = '1D      '",
        "TUNIT1  = 'deg     '", "TCOMM1  = 'right ascension (ICRS)'", "TFORM2  = '1E      '", "TFORM3  = '1K      '",
        "TFORM4  = '1J      '", "TFORM5  = '1L      '", "TFORM6  = '9A      '"}) {
      assertTrue(header.contains(card), "missing card " + card);
    }
  }

  /** astropy reads our FITS table with the same values, units and TCOMM descriptions. */
  @Test
  void astropyReadsOurFitsTable() throws IOException {
    TestData.requirePython("astropy", "numpy");
    Catalog c = CatalogTest.sample();
    Path p = dir.resolve("oracle.fits");
    Catalogs.write(c, p);
    String script = String.join("\n",
        "import sys",
        "from astropy.io import fits",
        "with fits.open(sys.argv[1]) as h:",
        "    t = h['CATALOG']",
        "    for k, col in enumerate(t.columns, start=1):",
        "        vals = t.data[col.name]",
        "        out = [col.name, col.unit or '', t.header.get('TCOMM%d' % k, '')]",
        "        for v in vals:",
        "            if col.format.endswith('A'): out.append(str(v))",
        "            elif col.format.endswith('L'): out.append('true' if v else 'false')",
        "            elif col.format.endswith('K') or col.format.endswith('J'): out.append(str(int(v)))",
        "            else: out.append(repr(float(v)))",
        "        print('\\t'.join(out))");
    String[] lines = TestData.python(script, p.toString()).split("\n");
    assertEquals(c.columnCount(), lines.length);
    for (int j = 0; j < lines.length; j++) {
      String[] f = lines[j].split("\t", -1);
      Column col = c.columns().get(j);
      assertEquals(col.name(), f[0]);
      assertEquals(col.unit(), f[1]);
      assertEquals(col.description(), f[2]);
      for (int i = 0; i < c.rowCount(); i++) {
        String v = f[3 + i];
        switch (col.type()) {
          case DOUBLE, FLOAT -> assertEquals(col.getDouble(i), v.equals("nan") ? Double.NaN : Double.parseDouble(v),
              0.0, col.name() + " row " + i);
          case LONG -> assertEquals(col.getLong(i), Long.parseLong(v), col.name() + " row " + i);
          case INT -> assertEquals(col.getInt(i), Integer.parseInt(v), col.name() + " row " + i);
          case BOOLEAN -> assertEquals(col.getBoolean(i), Boolean.parseBoolean(v), col.name() + " row " + i);
          case STRING -> assertEquals(col.getString(i), v, col.name() + " row " + i);
        }
      }
    }
  }

  /** A table astropy writes (int16, uint8, float32, bool, strings, second extension) reads with the right types. */
  @Test
  void readsAstropyWrittenTable() throws IOException {
    TestData.requirePython("astropy", "numpy");
    Path p = dir.resolve("astropy.fits");
    TestData.python(String.join("\n",
        "import sys, numpy as np",
        "from astropy.io import fits",
        "cols = [fits.Column(name='mag', format='E', unit='mag', array=np.array([20.5, np.nan], 'f4')),",
        "        fits.Column(name='n', format='I', array=np.array([-3, 300], 'i2')),",
        "        fits.Column(name='u8', format='B', array=np.array([0, 255], 'u1')),",
        "        fits.Column(name='ok', format='L', array=np.array([True, False])),",
        "        fits.Column(name='band', format='2A', array=np.array(['g', 'rr']))]",
        "t = fits.BinTableHDU.from_columns(cols, name='SRC')",
        "img = fits.ImageHDU(np.zeros((2, 2), 'f4'), name='IMG')",
        "fits.HDUList([fits.PrimaryHDU(), img, t]).writeto(sys.argv[1])"), p.toString());
    Catalog c = FitsCatalogFormat.read(p);
    assertEquals(Catalog.builder().addFloats("mag", new float[] {20.5f, Float.NaN}, "mag", "")
        .addInts("n", new int[] {-3, 300}, "", "").addInts("u8", new int[] {0, 255}, "", "")
        .addBooleans("ok", new boolean[] {true, false}, "", "").addStrings("band", new String[] {"g", "rr"}, "", "")
        .build(), c);
    assertEquals(c, FitsCatalogFormat.read(p, 2));
  }
}
