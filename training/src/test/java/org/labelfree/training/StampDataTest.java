package org.labelfree.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StampDataTest {
  @Test
  void rejectsLabelsOtherThanZeroOrOneNamingTheRow() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new StampData(new float[2 * 100], 2, 1, 10, new byte[] {1, -1}, new int[] {7, 8}));
    assertEquals("row 8: label -1; expected 0 or 1", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new StampData(new float[199], 2, 1, 10, new byte[] {1, 0}, new int[] {0, 1}));
  }

  @Test
  void subsetCarriesRowsAndPixels() {
    StampData d = ToyStamps.make(4, 10, 1);
    StampData s = d.subset(new int[] {3, 1});
    assertArrayEquals(new int[] {3, 1}, s.rows());
    assertArrayEquals(new byte[] {0, 0}, s.labels());
    assertEquals(d.pixels()[300], s.pixels()[0]);
  }
}
