package org.labelfree.labeling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The label / INJECTED_CORE agreement table. */
class MatchAgreementTest {
  @Test
  void countsTheFourCells() {
    int[] labels = {1, 1, 1, 0, 0, 0, 0};
    boolean[] core = {true, true, false, true, false, false, false};
    MatchAgreement a = MatchAgreement.of(labels, core);
    assertEquals(new MatchAgreement(2, 1, 1, 3), a);
    assertEquals(7, a.total());
    assertEquals(5.0 / 7, a.agreementFraction(), 1e-15);
    assertEquals(new MatchAgreement(4, 2, 2, 6), a.plus(a));
    assertEquals(List.of("label1_core", "label1_no_core", "label0_core", "label0_no_core"),
        List.copyOf(a.asMap().keySet()));
    assertEquals("label 1: 2 core / 1 no core; label 0: 1 core / 3 no core (agreement 71.4%)", a.summary());
    assertTrue(Double.isNaN(MatchAgreement.empty().agreementFraction()));
    assertTrue(MatchAgreement.empty().summary().endsWith("(agreement n/a)"));
  }

  @Test
  void rejectsBadInput() {
    assertThrows(IllegalArgumentException.class, () -> MatchAgreement.of(new int[] {2}, new boolean[] {true}));
    assertThrows(IllegalArgumentException.class, () -> MatchAgreement.of(new int[] {1}, new boolean[0]));
    assertThrows(IllegalArgumentException.class, () -> new MatchAgreement(-1, 0, 0, 0));
  }
}
