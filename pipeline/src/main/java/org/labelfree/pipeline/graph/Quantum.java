package org.labelfree.pipeline.graph;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.DatasetRef;

/**
 * One unit of work: one task run on one data ID, with the datasets it reads and the ones it will write.
 *
 * @param index    position in the {@link QuantumGraph} (quanta are numbered in task order, then data-ID order)
 * @param task     the task label
 * @param dataId   the quantum's data ID, with exactly the task's dimensions
 * @param inputs   input (and prerequisite) connection names to the datasets the task receives: one element for a
 *                 single input, all gathered ones for a {@code multiple} input, none for an absent optional input.
 *                 References to datasets that exist carry their file; references to outputs of upstream quanta
 *                 are predicted (no file) and exist once those quanta have run
 * @param outputs  output connection names to the predicted datasets, all in the output run; the quantum's
 *                 {@code <label>_metadata} is not listed here
 * @param upstream indices of the quanta that produce some of {@code inputs}, ascending
 */
public record Quantum(int index, String task, DataId dataId, Map<String, List<DatasetRef>> inputs,
    Map<String, DatasetRef> outputs, List<Integer> upstream) {

  /** Copies the collections. */
  public Quantum {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(dataId, "dataId");
    Map<String, List<DatasetRef>> in = new LinkedHashMap<>();
    inputs.forEach((k, v) -> in.put(k, List.copyOf(v)));
    inputs = Collections.unmodifiableMap(in);
    outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    upstream = List.copyOf(upstream);
  }

  /** A short text for logs and reports, e.g. {@code exposure_summary {instrument: 'DECam', visit: 4, detector: 37}}. */
  public String describe() {
    return task + " " + dataId;
  }
}
