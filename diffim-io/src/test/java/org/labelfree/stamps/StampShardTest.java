package org.labelfree.stamps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.labelfree.catalog.Catalog;
import org.labelfree.testing.TestData;

class StampShardTest {
  @TempDir Path dir;

  @Test
  void builderKeepsRowsAndPixels() {
    StampShard s = ShardFixtures.shard(10, 3, 5, 1);
    assertEquals(10, s.size());
    assertEquals(3, s.channels());
    assertEquals(75, s.stampLength());
    float[] st = s.stamp(4);
    assertEquals(st[(2 * 5 + 3) * 5 + 1], s.pixel(4, 2, 3, 1), 0.0f);
    assertEquals(s.copyStamps()[4 * 75 + 17], st[17], 0.0f);
    assertEquals((1L << 55) + 4, s.row(4).diaSourceId());
    st[0] = 12345f;
    assertNotEquals(12345f, s.stamp(4)[0]);
  }

  @Test
  void builderAddsFromAnOffset() {
    float[] many = new float[3 * 16];
    for (int k = 0; k < many.length; k++) {
      many[k] = k;
    }
    StampRow row = new StampRow(1, 2, 3, "r", 1, 2, 3, 4, 5, (byte) 1, -1, (byte) -1, StampFlags.EDGE);
    StampShard s = StampShard.builder(ShardFixtures.attributes(1, 4)).add(row, many, 16).add(row, many, 32).build();
    assertArrayEquals(java.util.Arrays.copyOfRange(many, 16, 32), s.stamp(0));
    assertArrayEquals(java.util.Arrays.copyOfRange(many, 32, 48), s.stamp(1));
    assertThrows(IndexOutOfBoundsException.class,
        () -> StampShard.builder(ShardFixtures.attributes(1, 4)).add(row, many, 33));
  }

  @Test
  void equalityIsByValueWithNan() {
    assertEquals(ShardFixtures.shard(8, 1, 4, 3), ShardFixtures.shard(8, 1, 4, 3));
    assertEquals(ShardFixtures.shard(8, 1, 4, 3).hashCode(), ShardFixtures.shard(8, 1, 4, 3).hashCode());
    assertNotEquals(ShardFixtures.shard(8, 1, 4, 3), ShardFixtures.shard(8, 1, 4, 4));
  }

  @Test
  void builderValidatesPixelsAndRows() {
    StampShard.Builder b = StampShard.builder(ShardFixtures.attributes(1, 4));
    StampRow row = new StampRow(1, 2, 3, "r", 1, 2, 3, 4, 5, (byte) 1, -1, (byte) -1);
    assertThrows(IllegalArgumentException.class, () -> b.add(row, new float[15]));
    assertThrows(IllegalArgumentException.class,
        () -> new StampRow(1, 2, 3, "", 1, 2, 3, 4, 5, (byte) 1, -1, (byte) -1));
    assertThrows(IllegalArgumentException.class,
        () -> new StampRow(1, 2, 3, "r", 1, 2, 3, 4, 5, (byte) 1, -1, (byte) 2));
    assertThrows(IllegalArgumentException.class,
        () -> new ShardAttributes(List.of(), "zscale", 30, "v", "ab"));
    assertThrows(IllegalArgumentException.class,
        () -> new ShardAttributes(List.of("difference"), "zscale", 30, "v", "XYZ"));
  }

  @Test
  void toCatalogHasTheDatasetColumns() {
    StampShard s = ShardFixtures.shard(5, 1, 4, 2);
    Catalog c = s.toCatalog();
    assertEquals(StampShards.COLUMNS, c.columnNames());
    assertArrayEquals(s.diaSourceIds(), c.longColumn("dia_source_id"));
    assertEquals(s.labels()[3], c.intColumn("label")[3]);
  }

  @ParameterizedTest
  @CsvSource({"1, 30, 0", "3, 7, 0", "1, 30, 4", "3, 7, 1"})
  void writeReadRoundTrip(int channels, int size, int deflate) throws IOException {
    StampShard s = ShardFixtures.shard(600, channels, size, 11);
    Path p = dir.resolve("shard.h5");
    StampShards.write(s, p, deflate == 0 ? ShardWriteOptions.uncompressed() : ShardWriteOptions.deflate(deflate));
    assertEquals(s, StampShards.read(p));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(p), files.toList(), "no temporary file is left");
    }
  }

  @Test
  void flagsRoundTripAndAppearInTheCatalog() throws IOException {
    StampShard s = ShardFixtures.shard(40, 1, 6, 12);
    int[] flags = s.flags();
    assertTrue(java.util.Arrays.stream(flags).distinct().count() > 8, "the fixture varies the flags");
    Path p = dir.resolve("flags.h5");
    StampShards.write(s, p);
    StampShard back = StampShards.read(p);
    assertArrayEquals(flags, back.flags());
    assertEquals(flags[7], back.row(7).flags());
    assertArrayEquals(flags, back.toCatalog().intColumn("flags"));
  }

  /** A version-1 file (no flags dataset, format_version 1) reads with every flag 0; a version-2 file with flags. */
  @Test
  void versionOneFileReadsWithZeroFlags() throws IOException {
    StampShard s = ShardFixtures.shard(25, 3, 5, 13);
    java.util.Map<String, Object> datasets = ShardFixtures.datasets(s);
    datasets.remove("flags");
    java.util.Map<String, Object> attributes = ShardFixtures.attributeMap(s);
    attributes.put("format_version", 1);
    Path p = dir.resolve("v1.h5");
    ShardFixtures.writeRaw(p, datasets, attributes);
    StampShard back = StampShards.read(p);
    assertArrayEquals(new int[25], back.flags());
    assertArrayEquals(s.copyStamps(), back.copyStamps());
    StampRow r = s.row(9);
    assertEquals(new StampRow(r.diaSourceId(), r.visit(), r.detector(), r.band(), r.ra(), r.dec(), r.x(), r.y(),
        r.snr(), r.label(), r.injectionId(), r.isTrueTransient()), back.row(9));
    /* A version-1 file that happens to carry a flags dataset: version 1 defines none, so it is not read. */
    datasets.put("flags", s.flagsArray());
    ShardFixtures.writeRaw(p, datasets, attributes);
    assertArrayEquals(new int[25], StampShards.read(p).flags());
  }

  @Test
  void deflateShrinksCompressibleStamps() throws IOException {
    StampShard.Builder b = StampShard.builder(ShardFixtures.attributes(1, 30));
    for (int i = 0; i < 500; i++) {
      b.add(new StampRow(i, 1, 1, "g", 0, 0, 0, 0, 10, (byte) 0, -1, (byte) -1), new float[900]);
    }
    StampShard s = b.build();
    Path raw = dir.resolve("raw.h5");
    Path packed = dir.resolve("packed.h5");
    StampShards.write(s, raw);
    StampShards.write(s, packed, ShardWriteOptions.deflate(4));
    assertTrue(Files.size(packed) * 10 < Files.size(raw), Files.size(packed) + " vs " + Files.size(raw));
    assertEquals(s, StampShards.read(packed));
  }

  @Test
  void emptyShardIsRefused() {
    StampShard empty = StampShard.builder(ShardFixtures.attributes(1, 30)).build();
    assertThrows(IllegalArgumentException.class, () -> StampShards.write(empty, dir.resolve("e.h5")));
  }

  /** SHA-256 of an array's raw little-endian bytes, as numpy's {@code tobytes()} gives them. */
  private static String sha256(Object array) throws NoSuchAlgorithmException {
    int n = java.lang.reflect.Array.getLength(array);
    ByteBuffer bb;
    if (array instanceof float[] a) {
      bb = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
      bb.asFloatBuffer().put(a);
    } else if (array instanceof double[] a) {
      bb = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
      bb.asDoubleBuffer().put(a);
    } else if (array instanceof long[] a) {
      bb = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
      bb.asLongBuffer().put(a);
    } else if (array instanceof int[] a) {
      bb = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
      bb.asIntBuffer().put(a);
    } else {
      bb = ByteBuffer.wrap((byte[]) array);
    }
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bb.array()));
  }

  /**
   * h5py reads every column and the stamps (compared by SHA-256 of their raw little-endian bytes), the dtypes,
   * the band strings and the attributes as written.
   */
  @ParameterizedTest
  @CsvSource({"0", "4"})
  void h5pyReadsOurShard(int deflate) throws IOException, NoSuchAlgorithmException {
    TestData.requirePython("h5py", "numpy");
    StampShard s = ShardFixtures.shard(300, 3, 9, 5);
    Path p = dir.resolve("oracle.h5");
    StampShards.write(s, p, deflate == 0 ? ShardWriteOptions.uncompressed() : ShardWriteOptions.deflate(deflate));
    String script = String.join("\n",
        "import sys, hashlib, h5py, numpy as np",
        "with h5py.File(sys.argv[1], 'r') as f:",
        "    for k in ['stamps','dia_source_id','visit','detector','ra','dec','x','y','snr','label',"
            + "'injection_id','is_true_transient','flags']:",
        "        d = f[k][...]",
        "        le = np.ascontiguousarray(d, d.dtype.newbyteorder('<'))",
        "        print(k, d.dtype, 'x'.join(map(str, d.shape)), hashlib.sha256(le.tobytes()).hexdigest())",
        "    print('band', ','.join(b.decode('ascii') for b in f['band'][...]))",
        "    a = f.attrs",
        "    print('channel_names', ','.join(c.decode('ascii') for c in a['channel_names']))",
        "    for k in ['normalisation','software_version','config_digest','format']:",
        "        print(k, a[k].decode('ascii'))",
        "    print('stamp_size', int(a['stamp_size']))");
    List<String> lines = List.of(TestData.python(script, p.toString()).split("\n"));
    Object[][] expected = {
        {"stamps", "float32", "300x3x9x9", s.copyStamps()},
        {"dia_source_id", "int64", "300", s.diaSourceIdArray()}, {"visit", "int64", "300", s.visitArray()},
        {"detector", "int32", "300", s.detectorArray()}, {"ra", "float64", "300", s.raArray()},
        {"dec", "float64", "300", s.decArray()}, {"x", "float32", "300", s.xArray()},
        {"y", "float32", "300", s.yArray()}, {"snr", "float32", "300", s.snrArray()},
        {"label", "int8", "300", s.labelArray()}, {"injection_id", "int64", "300", s.injectionIdArray()},
        {"is_true_transient", "int8", "300", s.isTrueTransientArray()},
        {"flags", "int32", "300", s.flagsArray()}};
    for (int k = 0; k < expected.length; k++) {
      Object[] e = expected[k];
      assertEquals(e[0] + " " + e[1] + " " + e[2] + " " + sha256(e[3]), lines.get(k), "dataset " + e[0]);
    }
    assertEquals("band " + String.join(",", s.bandArray()), lines.get(13));
    assertEquals("channel_names science,template,difference", lines.get(14));
    assertEquals(List.of("normalisation zscale", "software_version 0.1.0-test", "config_digest 0123456789abcdef",
        "format " + StampShards.FORMAT, "stamp_size 9"), lines.subList(15, 20));
  }

  /** A shard written by h5py (variable-length band strings, int64 stamp_size, no format attributes) reads back. */
  @Test
  void readsShardWrittenByH5py() throws IOException {
    TestData.requirePython("h5py", "numpy");
    Path p = dir.resolve("py.h5");
    TestData.python(String.join("\n",
        "import sys, h5py, numpy as np",
        "n = 4",
        "with h5py.File(sys.argv[1], 'w') as f:",
        "    f['stamps'] = np.arange(n * 2 * 3 * 3, dtype='f4').reshape(n, 2, 3, 3)",
        "    for k, dt in [('dia_source_id','i8'),('visit','i8'),('injection_id','i8'),('detector','i4'),",
        "                  ('ra','f8'),('dec','f8'),('x','f4'),('y','f4'),('snr','f4'),('label','i1')]:",
        "        f[k] = np.arange(n, dtype=dt) - 1",
        "    f['is_true_transient'] = np.array([-1, 0, 1, 1], 'i1')",
        "    f['band'] = np.array(['g', 'r', 'i', 'z'], dtype=h5py.string_dtype())",
        "    f.attrs['channel_names'] = ['science', 'difference']",
        "    f.attrs['normalisation'] = 'robust'",
        "    f.attrs['stamp_size'] = np.int64(3)",
        "    f.attrs['software_version'] = '0.0.1'",
        "    f.attrs['config_digest'] = 'beef'"), p.toString());
    StampShard s = StampShards.read(p);
    assertEquals(4, s.size());
    assertEquals(new ShardAttributes(List.of("science", "difference"), "robust", 3, "0.0.1", "beef"),
        s.attributes());
    assertEquals(new StampRow(2, 2, 2, "z", 2, 2, 2, 2, 2, (byte) 2, 2, (byte) 1), s.row(3));
    assertEquals(3 * 18 + 9 + 3 * 1 + 2, s.pixel(3, 1, 1, 2), 0.0f);
  }
}
