package org.labelfree.workflows.formatters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.catalog.Catalog;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageF;
import org.labelfree.image.Mask;
import org.labelfree.image.MaskPlanes;
import org.labelfree.image.Metadata;
import org.labelfree.image.VisitInfo;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.DatasetRef;
import org.labelfree.pipeline.repo.DatasetType;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.repo.Repository;
import org.labelfree.stamps.ShardAttributes;
import org.labelfree.stamps.StampRow;
import org.labelfree.stamps.StampShard;
import org.labelfree.wcs.CdMatrix;
import org.labelfree.wcs.SkyCoord;
import org.labelfree.wcs.TanWcs;

/**
 * The three astronomy storage classes through a real {@link Repository}: found by the service loader, written and
 * read back equal, and deterministic (the same object put into another run gives a file with the same bytes).
 */
class AstronomyFormattersTest {
  static final Set<Dimension> VISIT_DETECTOR = Set.of(Dimension.INSTRUMENT, Dimension.VISIT, Dimension.DETECTOR);
  static final DataId ID = DataId.of(Map.of("instrument", "DECam", "visit", 4, "detector", 37));

  @TempDir
  Path dir;
  Repository repo;

  @BeforeEach
  void setUp() {
    repo = Repository.create(dir);
  }

  @AfterEach
  void tearDown() {
    repo.close();
  }

  static Exposure exposure(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int w = 40;
    int h = 30;
    float[] pix = new float[w * h];
    int[] bits = new int[w * h];
    for (int i = 0; i < pix.length; i++) {
      pix[i] = (float) (100 + 5 * rng.nextGaussian());
      bits[i] = rng.nextInt(50) == 0 ? 1 : 0;
    }
    TanWcs wcs = TanWcs.of(new SkyCoord(316.8, -65.9), 19.5, 14.5, CdMatrix.northUp(0.26 / 3600));
    VisitInfo info = new VisitInfo("DECam", 4, 37, "i", "i DECam SDSS c0003 7835.0 1470.0", 58334.393, 330.0, 4.0);
    Metadata md = Metadata.builder().set("OBSERVER", "labelfree test").build();
    return new Exposure(ImageF.of(w, h, pix), Mask.of(w, h, bits, MaskPlanes.defaults()), ImageF.filled(w, h, 25f),
        wcs, null, null, info, md);
  }

  static Catalog catalog() {
    return Catalog.builder()
        .addLongs("id", new long[] {1, 2, 3}, "", "source id")
        .addDoubles("ra", new double[] {316.81, 316.82, Double.NaN}, "deg", "right ascension")
        .addFloats("snr", new float[] {5.5f, 12f, 7.25f}, "", "signal to noise")
        .build();
  }

  static StampShard shard() {
    ShardAttributes attrs = new ShardAttributes(List.of("science", "difference"), "robust", 4, "0.1.0", "abc123");
    StampShard.Builder b = StampShard.builder(attrs);
    SplittableRandom rng = new SplittableRandom(7);
    for (int k = 0; k < 3; k++) {
      float[] px = new float[2 * 4 * 4];
      for (int i = 0; i < px.length; i++) {
        px[i] = (float) rng.nextGaussian();
      }
      b.add(new StampRow(100 + k, 4, 37, "i", 316.8 + k * 1e-3, -65.9, 10f + k, 12f, 8f, (byte) 1, -1, (byte) -1),
          px);
    }
    return b.build();
  }

  private void roundTripAndDeterminism(Object object, String storageClass, String ext) throws Exception {
    DatasetType type = new DatasetType("thing", VISIT_DETECTOR, storageClass);
    repo.registry().registerDatasetType(type);
    DatasetRef a = repo.butler().put(object, type, ID, "run/a");
    assertTrue(a.file().path().endsWith("." + ext), a.file().path());
    Object back = repo.butler().get(a, true);
    assertEquals(object, back, storageClass + " read back differs");

    /* Determinism: the same object into another run gives the same bytes; again into the same run, a no-op. */
    DatasetRef b = repo.butler().put(object, type, ID, "run/b");
    assertNotEquals(a.file().path(), b.file().path());
    assertEquals(a.file().sha256(), b.file().sha256(), storageClass + " writer is not deterministic");
    assertArrayEquals(Files.readAllBytes(repo.datastore().root().resolve(a.file().path())),
        Files.readAllBytes(repo.datastore().root().resolve(b.file().path())));
    assertEquals(a, repo.butler().put(object, type, ID, "run/a"));
  }

  @Test
  void theServiceRegistersTheThreeStorageClasses() {
    assertTrue(repo.formatters().storageClasses().containsAll(Set.of("Exposure", "Catalog", "StampShard")),
        repo.formatters().storageClasses().toString());
    assertInstanceOf(ExposureFormatter.class, repo.formatters().get("Exposure"));
    assertInstanceOf(CatalogFormatter.class, repo.formatters().get("Catalog"));
    assertInstanceOf(StampShardFormatter.class, repo.formatters().get("StampShard"));
  }

  @Test
  void exposureRoundTripsAsDeterministicFits() throws Exception {
    Exposure e = exposure(1);
    DatasetType type = new DatasetType("calexp", VISIT_DETECTOR, "Exposure");
    repo.registry().registerDatasetType(type);
    DatasetRef ref = repo.butler().put(e, type, ID, "run/x");
    Exposure back = repo.butler().get(ref, Exposure.class);
    assertArrayEquals(e.image().copyPixels(), back.image().copyPixels());
    assertEquals(e.mask(), back.mask());
    assertEquals(e.variance(), back.variance());
    assertEquals(e.wcs(), back.wcs());
    assertEquals(e.visitInfo(), back.visitInfo());
    assertEquals("labelfree test", back.metadata().optString("OBSERVER").orElseThrow());
    byte[] head = Files.readAllBytes(repo.datastore().root().resolve(ref.file().path()));
    assertEquals("SIMPLE  =", new String(head, 0, 9, java.nio.charset.StandardCharsets.US_ASCII));

    DatasetRef again = repo.butler().put(e, type, ID, "run/y");
    assertEquals(ref.file().sha256(), again.file().sha256(), "FITS writer is not deterministic");
  }

  @Test
  void catalogRoundTripsAsDeterministicParquet() throws Exception {
    roundTripAndDeterminism(catalog(), "Catalog", "parquet");
  }

  @Test
  void stampShardRoundTripsAsDeterministicHdf5() throws Exception {
    roundTripAndDeterminism(shard(), "StampShard", "h5");
  }
}
