package org.labelfree.workflows.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.catalog.Catalog;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageF;
import org.labelfree.image.Mask;
import org.labelfree.image.MaskPlanes;
import org.labelfree.labeling.stamps.StampInputException;
import org.labelfree.labeling.stamps.StampNormalisation;
import org.labelfree.labeling.stamps.StampShardMaker;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.task.Connection;
import org.labelfree.pipeline.task.NoWorkFoundException;
import org.labelfree.pipeline.task.PipelineTask;
import org.labelfree.pipeline.task.TaskConfigs;
import org.labelfree.pipeline.task.TaskDefinitionException;
import org.labelfree.pipeline.task.TaskDescriptor;
import org.labelfree.pipeline.task.UnprocessableDataException;
import org.labelfree.stamps.StampFlags;
import org.labelfree.stamps.StampRow;
import org.labelfree.stamps.StampShard;
import org.labelfree.stamps.StampShards;

class CutStampsTaskTest {
  private static final TaskDescriptor TASK = TaskDescriptor.of(CutStampsTask.class);
  private static final int W = 200;
  private static final int H = 150;
  private static final DataId DATA_ID = DataId.of(Map.of("instrument", "Sim", "visit", 12L, "detector", 3));

  @TempDir Path dir;

  /** An image of value {@code scale * (row * W + column)}, optionally with a point source of 1e6 at (x, y). */
  static Exposure image(float scale, double x, double y) {
    float[] px = new float[W * H];
    for (int j = 0; j < H; j++) {
      for (int i = 0; i < W; i++) {
        double r2 = (i - x) * (i - x) + (j - y) * (j - y);
        px[j * W + i] = scale * (j * W + i) + (float) (1e6 * Math.exp(-r2 / 4.0));
      }
    }
    return Exposure.of(ImageF.wrap(W, H, px));
  }

  /** Three DIA sources at sub-pixel positions, one near the corner, with match flags 0, 2 and 1. */
  static Catalog matched(int rows) {
    long[] ids = {(12L * 1000 + 3) * (1L << 24) + 1, (12L * 1000 + 3) * (1L << 24) + 2,
        (12L * 1000 + 3) * (1L << 24) + 3};
    Catalog c = Catalog.builder()
        .addLongs("diaSourceId", ids, "", "id")
        .addLongs("visit", new long[] {12, 12, 12}, "", "visit")
        .addInts("detector", new int[] {3, 3, 3}, "", "detector")
        .addDoubles("x", new double[] {100.3, 4.6, 150.5}, "pixel", "x")
        .addDoubles("y", new double[] {80.7, 3.1, 40.49}, "pixel", "y")
        .addDoubles("ra", new double[] {150.01, 150.02, 150.03}, "deg", "ra")
        .addDoubles("dec", new double[] {2.1, 2.2, 2.3}, "deg", "dec")
        .addDoubles("snr", new double[] {25.0, 7.5, 9.25}, "", "snr")
        .addBooleans("isNegative", new boolean[3], "", "polarity")
        .addInts("label", new int[] {1, 0, 0}, "", "label")
        .addLongs("injection_id", new long[] {42, -1, -1}, "", "fake")
        .addDoubles("dist_arcsec", new double[] {0.05, -1, -1}, "arcsec", "distance")
        .addInts("match_flags", new int[] {0, 2, 1}, "", "match flags")
        .addInts("is_true_transient", new int[] {-1, -1, -1}, "", "truth")
        .addDoubles("mjd", new double[] {60000.5, 60000.5, 60000.5}, "d", "mjd")
        .addStrings("band", new String[] {"g", "g", "g"}, "", "band")
        .build();
    boolean[] keep = new boolean[3];
    for (int i = 0; i < rows; i++) {
      keep[i] = true;
    }
    return c.filter(keep);
  }

  static StampShard run(Map<String, ?> overrides, Map<String, Object> inputs) {
    PipelineTask<?, ?> task = TASK.newTask(TASK.resolveConfig(overrides));
    Map<String, Object> out = TASK.run(task, inputs, DATA_ID);
    assertEquals(List.of("stamp_shard"), List.copyOf(out.keySet()));
    return (StampShard) out.get("stamp_shard");
  }

  static Map<String, Object> inputs(boolean withScience, boolean withTemplate) {
    Map<String, Object> in = new HashMap<>();
    in.put("matched_dia_source", matched(3));
    in.put("difference_image", image(1f, 100.3, 80.7));
    if (withScience) {
      in.put("injected_calexp", image(2f, -100, -100));
    }
    if (withTemplate) {
      in.put("warped_template", image(3f, -100, -100));
    }
    return in;
  }

  @Test
  void connectionsAndConfigAreDeclared() {
    Set<Dimension> dims = Set.of(Dimension.INSTRUMENT, Dimension.VISIT, Dimension.DETECTOR);
    assertEquals(dims, TASK.connections().dimensions());
    List<List<Object>> ins = new ArrayList<>();
    for (Connection c : TASK.connections().inputs()) {
      ins.add(List.of(c.name(), c.storageClass(), c.optional()));
      assertEquals(dims, c.dimensions());
    }
    assertEquals(List.of(List.of("matched_dia_source", "Catalog", false), List.of("difference_image", "Exposure",
        false), List.of("injected_calexp", "Exposure", true), List.of("warped_template", "Exposure", true)), ins);
    Connection out = TASK.connections().outputs().get(0);
    assertEquals(List.of("stamp_shard", "StampShard"), List.of(out.name(), out.storageClass()));
    assertEquals(CutStampsConfig.defaults(), TASK.resolveConfig(Map.of()));
    CutStampsConfig c = (CutStampsConfig) TASK.resolveConfig(Map.of("channels", "sci,tmpl,diff", "normalisation",
        "zscale", "mask_channel", "true", "size", "31"));
    assertEquals(new CutStampsConfig(31, "sci,tmpl,diff", StampNormalisation.ZSCALE, true), c);
    TaskDefinitionException e = assertThrows(TaskDefinitionException.class,
        () -> TASK.resolveConfig(Map.of("channels", "diff,var")));
    assertTrue(e.getMessage().contains("unknown channel 'var'"), e.getMessage());
    assertThrows(TaskDefinitionException.class, () -> TASK.resolveConfig(Map.of("size", "1")));
  }

  /** Defaults: 30x30 minmax difference stamps, every column filled, flags from the cutter and from match_flags. */
  @Test
  void defaultShardHasEveryColumnAndTheProvenance() throws IOException {
    StampShard s = run(Map.of(), inputs(false, false));
    assertEquals(3, s.size());
    assertEquals(List.of("difference"), s.attributes().channelNames());
    assertEquals("minmax", s.attributes().normalisation());
    assertEquals(30, s.stampSize());
    assertEquals(StampShardMaker.sha256Hex(TaskConfigs.toJson(CutStampsConfig.defaults())),
        s.attributes().configDigest());
    assertEquals(new StampRow((12L * 1000 + 3) * (1L << 24) + 1, 12, 3, "g", 150.01, 2.1, 100.3f, 80.7f, 25f,
        (byte) 1, 42, (byte) -1, 0), s.row(0));
    assertEquals(StampFlags.EDGE | StampFlags.MULTIPLE_FAKES, s.row(1).flags());
    assertEquals(StampFlags.AMBIGUOUS_MASK, s.row(2).flags());
    /* The point source at (100.3, 80.7) is the brightest pixel, at the documented centre (15, 15), and is 1. */
    assertEquals(1f, s.pixel(0, 0, 15, 15), 0f);
    Path p = dir.resolve("shard.h5");
    StampShards.write(s, p);
    assertEquals(s, StampShards.read(p));
  }

  /** sci,tmpl,diff with a mask channel: channels in order from the right images; NO_DATA shows in the mask. */
  @Test
  void threeChannelsAndMask() {
    Map<String, Object> in = inputs(true, true);
    MaskPlanes planes = MaskPlanes.defaults();
    int[] bits = new int[W * H];
    bits[81 * W + 101] = planes.bitmask("NO_DATA");
    Exposure tmpl = (Exposure) in.get("warped_template");
    in.put("warped_template", tmpl.withMask(Mask.wrap(W, H, bits, planes)));
    StampShard s = run(Map.of("channels", "sci,tmpl,diff", "normalisation", "none", "mask_channel", true), in);
    assertEquals(List.of("science", "template", "difference", "mask"), s.attributes().channelNames());
    assertEquals("none", s.attributes().normalisation());
    /* Stamp pixel (15, 15) of source 0 is image pixel (100, 81). */
    float v = 81 * W + 100;
    assertEquals(2 * v, s.pixel(0, 0, 15, 15), 0f);
    assertEquals(3 * v, s.pixel(0, 1, 15, 15), 0f);
    assertEquals(0f, s.pixel(0, 1, 15, 16), 0f, "NO_DATA template pixel is 0");
    assertEquals(1f, s.pixel(0, 3, 15, 16), 0f, "and set in the mask channel");
    assertEquals(0f, s.pixel(0, 3, 15, 15), 0f);
    assertEquals(StampFlags.MASKED_PIXELS, s.row(0).flags());
  }

  @Test
  void missingScienceForSciChannelIsUnprocessable() {
    UnprocessableDataException e = assertThrows(UnprocessableDataException.class,
        () -> run(Map.of("channels", "sci,tmpl,diff"), inputs(false, true)));
    assertTrue(e.getMessage().contains("visit=12 detector=3: channels 'sci,tmpl,diff' need injected_calexp"),
        e.getMessage());
  }

  @Test
  void noDiaSourcesIsNoWork() {
    Map<String, Object> in = inputs(false, false);
    in.put("matched_dia_source", matched(0));
    NoWorkFoundException e = assertThrows(NoWorkFoundException.class, () -> run(Map.of(), in));
    assertTrue(e.getMessage().contains("has no DIA sources"), e.getMessage());
  }

  @Test
  void catalogueWithoutLabelsFailsNamingTheColumn() {
    Map<String, Object> in = inputs(false, false);
    Catalog c = matched(3);
    List<String> keep = new ArrayList<>(c.columnNames());
    keep.remove("label");
    in.put("matched_dia_source", c.select(keep.toArray(new String[0])));
    StampInputException e = assertThrows(StampInputException.class, () -> run(Map.of(), in));
    assertTrue(e.getMessage().contains("matched_dia_source instrument=Sim visit=12 detector=3: column label is"
        + " missing"), e.getMessage());
  }
}
