package org.labelfree.labeling.stamps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StampChannelTest {
  @Test
  void parsesShortAndLongNamesInOrder() {
    assertEquals(List.of(StampChannel.DIFFERENCE), StampChannel.parseList("diff"));
    assertEquals(List.of(StampChannel.SCIENCE, StampChannel.TEMPLATE, StampChannel.DIFFERENCE),
        StampChannel.parseList("sci,tmpl,diff"));
    assertEquals(List.of(StampChannel.DIFFERENCE, StampChannel.SCIENCE), StampChannel.parseList(" Difference , sci"));
    assertEquals("minmax", StampNormalisation.MINMAX.shardName());
  }

  @Test
  void rejectsUnknownRepeatedAndEmpty() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StampChannel.parseList("sci,var"));
    assertTrue(e.getMessage().contains("unknown channel 'var'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> StampChannel.parseList("diff,difference"));
    assertTrue(e.getMessage().contains("diff appears twice"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> StampChannel.parseList(""));
    assertThrows(IllegalArgumentException.class, () -> StampChannel.parseList("diff,"));
  }
}
