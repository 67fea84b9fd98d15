package org.labelfree.stamps;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One corruption per test: a valid shard layout written with jHDF, one thing broken. */
class StampShardFailureTest {
  @TempDir Path dir;

  private final StampShard shard = ShardFixtures.shard(20, 1, 6, 9);
  private final Map<String, Object> datasets = ShardFixtures.datasets(shard);
  private final Map<String, Object> attributes = ShardFixtures.attributeMap(shard);

  private StampShardException readBroken() {
    Path p = dir.resolve("broken.h5");
    ShardFixtures.writeRaw(p, datasets, attributes);
    return assertThrows(StampShardException.class, () -> StampShards.read(p));
  }

  private static void assertMessage(Exception e, String... words) {
    for (String w : words) {
      assertTrue(e.getMessage().contains(w), "message lacks '" + w + "': " + e.getMessage());
    }
  }

  @Test
  void theUnbrokenLayoutReads() throws IOException {
    Path p = dir.resolve("ok.h5");
    ShardFixtures.writeRaw(p, datasets, attributes);
    org.junit.jupiter.api.Assertions.assertEquals(shard, StampShards.read(p));
  }

  @Test
  void notHdf5AtAll() throws IOException {
    Path p = dir.resolve("shard.h5");
    StampShards.write(shard, p);
    byte[] b = Files.readAllBytes(p);
    Arrays.fill(b, 0, 8, (byte) 'X');
    Files.write(p, b);
    StampShardException e = assertThrows(StampShardException.class, () -> StampShards.read(p));
    assertMessage(e, "shard.h5", "not an HDF5 file");
  }

  @Test
  void missingStamps() {
    datasets.remove("stamps");
    assertMessage(readBroken(), "broken.h5 /stamps", "missing");
  }

  @Test
  void stampsOfWrongRank() {
    float[][][] three = new float[20][6][6];
    datasets.put("stamps", three);
    assertMessage(readBroken(), "broken.h5 /stamps", "rank 3", "expected 4");
  }

  @Test
  void stampsOfWrongType() {
    datasets.put("stamps", new double[20][1][6][6]);
    assertMessage(readBroken(), "broken.h5 /stamps", "float64", "expected float32");
  }

  @Test
  void stampsNotMatchingStampSize() {
    attributes.put("stamp_size", 7);
    assertMessage(readBroken(), "broken.h5 /stamps", "shape [20, 1, 6, 6]", "expected (N, 1, 7, 7)");
  }

  @Test
  void columnLengthMismatch() {
    datasets.put("snr", Arrays.copyOf(shard.snrArray(), 19));
    assertMessage(readBroken(), "broken.h5 /snr", "length 19", "expected 20");
  }

  @Test
  void columnOfWrongDtype() {
    int[] wide = new int[20];
    datasets.put("label", wide);
    assertMessage(readBroken(), "broken.h5 /label", "int32", "expected int8");
  }

  @Test
  void missingColumn() {
    datasets.remove("injection_id");
    assertMessage(readBroken(), "broken.h5 /injection_id", "missing");
  }

  @Test
  void missingAttribute() {
    attributes.remove("normalisation");
    assertMessage(readBroken(), "broken.h5 attribute normalisation", "missing");
  }

  @Test
  void wrongFormatAttribute() {
    attributes.put("format", "something.else");
    assertMessage(readBroken(), "broken.h5 attribute format", "something.else", StampShards.FORMAT);
  }

  @Test
  void badTruthValue() {
    byte[] truth = shard.isTrueTransientArray().clone();
    truth[3] = 5;
    datasets.put("is_true_transient", truth);
    assertMessage(readBroken(), "broken.h5 /is_true_transient[3]", "expected -1, 0 or 1");
  }

  @Test
  void unknownFormatVersion() {
    attributes.put("format_version", 3);
    assertMessage(readBroken(), "broken.h5 attribute format_version", "3", "expected 1 or 2");
  }

  @Test
  void versionTwoWithoutFlags() {
    datasets.remove("flags");
    assertMessage(readBroken(), "broken.h5 /flags", "missing");
  }

  @Test
  void flagsOfWrongDtype() {
    datasets.put("flags", new long[20]);
    assertMessage(readBroken(), "broken.h5 /flags", "int64", "expected int32");
  }

  @Test
  void extrasAreWrittenInNameOrderAndBadExtrasRefused() throws IOException {
    int n = shard.size();
    Path p = dir.resolve("extras.h5");
    Map<String, Object> cols = new java.util.LinkedHashMap<>();
    cols.put("z_last", new long[n]);
    cols.put("a_first", new byte[n]);
    StampShards.write(shard, p, ShardWriteOptions.uncompressed(), cols, Map.of("note", "x"));
    /* The extras do not disturb the shard layout. */
    org.junit.jupiter.api.Assertions.assertEquals(shard, StampShards.read(p));
    try (io.jhdf.HdfFile f = new io.jhdf.HdfFile(p)) {
      org.junit.jupiter.api.Assertions.assertEquals(n, ((long[]) f.getDatasetByPath("z_last").getData()).length);
      org.junit.jupiter.api.Assertions.assertEquals("x", f.getAttribute("note").getData());
    }
    /* Same shard and extras in another map order: the same bytes. */
    Path q = dir.resolve("extras2.h5");
    Map<String, Object> reordered = new java.util.LinkedHashMap<>();
    reordered.put("a_first", new byte[n]);
    reordered.put("z_last", new long[n]);
    StampShards.write(shard, q, ShardWriteOptions.uncompressed(), reordered, Map.of("note", "x"));
    org.junit.jupiter.api.Assertions.assertArrayEquals(Files.readAllBytes(p), Files.readAllBytes(q));

    for (Map<String, Object> bad : List.of(Map.<String, Object>of("label", new byte[n]),
        Map.<String, Object>of("short", new byte[n - 1]), Map.<String, Object>of("boxed", new Long[n]))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> StampShards.write(shard, dir.resolve("bad.h5"), ShardWriteOptions.uncompressed(), bad, Map.of()));
      assertTrue(e.getMessage().contains(bad.keySet().iterator().next()),
          e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> StampShards.write(shard,
        dir.resolve("bad.h5"), ShardWriteOptions.uncompressed(), Map.of(), Map.of("format", "other")));
  }
}
