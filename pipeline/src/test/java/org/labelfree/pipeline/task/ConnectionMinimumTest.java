package org.labelfree.pipeline.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link Connection#minimum()} and {@link Connection#requiredCount()}: what a quantum needs of each input. */
class ConnectionMinimumTest {
  private static final Connection SRC = Connection.input("src", "Catalog", Set.of(), "sources");

  @Test
  void requiredCountFollowsGen3() {
    assertEquals(1, SRC.minimum());
    assertEquals(1, SRC.requiredCount(), "a single input needs its dataset");
    assertEquals(1, SRC.asMultiple().requiredCount(), "a gather needs one dataset by default");
    assertEquals(3, SRC.asMultiple().withMinimum(3).requiredCount());
    assertEquals(3, SRC.asMultiple().withMinimum(3).asOptional().minimum(), "asOptional keeps the minimum");
    assertEquals(0, SRC.asMultiple().withMinimum(3).asOptional().requiredCount(), "optional may be empty");
    assertEquals(0, SRC.asOptional().requiredCount());
    assertEquals(0, Connection.output("out", "Catalog", Set.of(), "o").requiredCount());
  }
}
