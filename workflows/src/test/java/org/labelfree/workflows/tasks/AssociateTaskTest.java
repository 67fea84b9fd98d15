package org.labelfree.workflows.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labelfree.catalog.Catalog;
import org.labelfree.labeling.objects.DiaObjectException;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.task.TaskConfigs;
import org.labelfree.pipeline.task.TaskDescriptor;

/**
 * {@link AssociateTask}: follows the task contract (a gather of matched_dia_source per instrument), associates two
 * visits' sources within the configured radius, and fails with the catalogue named on a missing column.
 */
class AssociateTaskTest {
  private static final double ARCSEC = 1.0 / 3600;
  private static final DataId ID = DataId.of(Map.of("instrument", "SimCam"));

  private static Catalog matched(long visit, double[] dec) {
    int n = dec.length;
    long[] ids = new long[n];
    long[] v = new long[n];
    double[] ra = new double[n];
    double[] mjd = new double[n];
    String[] band = new String[n];
    long[] inj = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = visit * 100 + i;
      v[i] = visit;
      ra[i] = 10;
      mjd[i] = 60000 + visit;
      band[i] = "r";
      inj[i] = -1;
    }
    return Catalog.builder().addLongs("diaSourceId", ids, "", "").addLongs("visit", v, "", "")
        .addInts("detector", new int[n], "", "").addDoubles("ra", ra, "deg", "").addDoubles("dec", dec, "deg", "")
        .addDoubles("psfFlux", new double[n], "nJy", "").addDoubles("psfFluxErr", new double[n], "nJy", "")
        .addDoubles("snr", new double[n], "", "").addInts("label", new int[n], "", "")
        .addLongs("injection_id", inj, "", "").addInts("match_flags", new int[n], "", "")
        .addInts("is_true_transient", new int[n], "", "").addDoubles("mjd", mjd, "d", "")
        .addStrings("band", band, "", "").build();
  }

  @Test
  void followsTheTaskContract() {
    TaskDescriptor d = TaskDescriptor.of(AssociateTask.class);
    assertEquals(AssociateConfig.class, d.configType());
    assertTrue(AssociateTask.MATCHED_DIA_SOURCE.multiple());
    assertEquals(1.5, TaskConfigs.resolve(AssociateConfig.class, Map.of("radius_arcsec", "1.5")).radiusArcsec());
    assertThrows(IllegalArgumentException.class, () -> new AssociateConfig(0));
  }

  @Test
  void associatesWithinTheConfiguredRadius() {
    /* Visit 1 at dec 0 and 3"; visit 2 at 1.4" and 3.2": with 1" only the 3.2" source joins (to 101); with 2" the
       1.4" source joins 100 too. */
    List<Catalog> in = List.of(matched(1, new double[] {0, 3 * ARCSEC}),
        matched(2, new double[] {1.4 * ARCSEC, 3.2 * ARCSEC}));
    AssociateTask.Outputs one = new AssociateTask(AssociateConfig.defaults()).run(new AssociateTask.Inputs(in, ID));
    assertArrayEquals(new long[] {100, 101, 200}, one.diaObject().longColumn("diaObjectId"));
    assertArrayEquals(new long[] {100, 101, 101, 200}, one.diaObjectSource().longColumn("diaObjectId"));
    AssociateTask.Outputs two = new AssociateTask(new AssociateConfig(2.0)).run(new AssociateTask.Inputs(in, ID));
    assertArrayEquals(new long[] {100, 101}, two.diaObject().longColumn("diaObjectId"));
  }

  @Test
  void missingColumnIsBadData() {
    Catalog broken = matched(1, new double[] {0}).select("diaSourceId", "visit", "detector", "ra", "dec");
    DiaObjectException e = assertThrows(DiaObjectException.class, () -> new AssociateTask(AssociateConfig.defaults())
        .run(new AssociateTask.Inputs(List.of(broken), ID)));
    assertTrue(e.getMessage().contains("matched_dia_source[0] (visit=1 detector=0)"), e.getMessage());
  }
}
