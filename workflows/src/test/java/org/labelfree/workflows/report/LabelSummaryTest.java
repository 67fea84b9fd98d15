package org.labelfree.workflows.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.labelfree.catalog.Catalog;
import org.labelfree.pipeline.task.UnprocessableDataException;
import org.junit.jupiter.api.Test;

/** Label counts, label noise and mask agreement summed over constructed matched_dia_source catalogues. */
class LabelSummaryTest {
  private static Catalog matched(int[] label, int[] flags, int[] truth, boolean[] core) {
    return Catalog.builder()
        .addInts("label", label, "", "")
        .addInts("match_flags", flags, "", "")
        .addInts("is_true_transient", truth, "", "")
        .addBooleans("pixelFlags_injected_core", core, "", "")
        .build();
  }

  @Test
  void sumsLabelsNoiseAndAgreement() {
    Catalog a = matched(new int[] {1, 1, 0, 0, 0}, new int[] {0, 0, 0, 1, 0}, new int[] {0, 1, 1, 0, -1},
        new boolean[] {true, true, false, true, false});
    Catalog b = matched(new int[] {0, 1}, new int[] {0, 2}, new int[] {1, 0}, new boolean[] {false, false});
    LabelSummary.Report r = LabelSummary.of(List.of(a, b));
    assertEquals(2, r.catalogues());
    assertEquals(7, r.sources());
    assertEquals(3, r.injected());
    assertEquals(4, r.real());
    assertEquals(2, r.flagged());
    /* Label 0 with truth: rows a2 (1), a3 (0), b0 (1); a4 has no truth. */
    assertEquals(3, r.realWithTruth());
    assertEquals(2, r.realTrueTransient());
    assertEquals(2.0 / 3, r.labelNoise(), 1e-15);
    assertEquals(2, r.agreement().injectedCore());
    assertEquals(1, r.agreement().injectedNoCore());
    assertEquals(1, r.agreement().realCore());
    assertEquals(3, r.agreement().realNoCore());
    assertEquals(5.0 / 7, r.agreement().agreementFraction(), 1e-15);
    assertTrue(r.toMap().containsKey("label_0_true_transient_fraction"));
  }

  @Test
  void missingColumnIsNamed() {
    Catalog c = Catalog.builder().addInts("label", new int[] {1}, "", "").build();
    UnprocessableDataException e = assertThrows(UnprocessableDataException.class, () -> LabelSummary.of(List.of(c)));
    assertTrue(e.getMessage().contains("match_flags"), e.getMessage());
  }
}
