package org.labelfree.stamps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StampFlagsTest {
  @Test
  void matchFlagsShiftIntoTheUpperTwoBits() {
    assertEquals(0, StampFlags.fromMatchFlags(0));
    assertEquals(StampFlags.AMBIGUOUS_MASK, StampFlags.fromMatchFlags(1));
    assertEquals(StampFlags.MULTIPLE_FAKES, StampFlags.fromMatchFlags(2));
    assertEquals(StampFlags.AMBIGUOUS_MASK | StampFlags.MULTIPLE_FAKES, StampFlags.fromMatchFlags(3));
    assertEquals(StampFlags.MULTIPLE_FAKES, StampFlags.fromMatchFlags(2 | 64), "undefined match bits are dropped");
  }

  @Test
  void namesListTheSetBitsInOrder() {
    assertEquals(List.of(), StampFlags.names(0));
    assertEquals(List.of("EDGE", "MULTIPLE_FAKES"), StampFlags.names(9));
    assertEquals(List.of("MASKED_PIXELS", "AMBIGUOUS_MASK", "BIT5"), StampFlags.names(2 | 4 | 32));
  }
}
