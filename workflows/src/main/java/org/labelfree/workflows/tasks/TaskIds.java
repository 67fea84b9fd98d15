package org.labelfree.workflows.tasks;

import org.labelfree.image.AlgorithmFailureException;
import org.labelfree.image.Exposure;
import org.labelfree.image.InvalidDataException;
import org.labelfree.image.VisitInfo;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.task.AlgorithmException;

/** Data-ID helpers shared by the per-detector tasks: what to call a quantum in messages, and its visit/detector. */
final class TaskIds {
  private TaskIds() {}

  /** The visit of the data ID, else of the exposure's VisitInfo (-1 if unknown). */
  static long visit(DataId id, Exposure exposure) {
    VisitInfo info = exposure.visitInfo();
    return id.get(Dimension.VISIT).map(v -> ((Number) v).longValue()).orElse(info.visit());
  }

  /** The detector of the data ID, else of the exposure's VisitInfo (-1 if unknown). */
  static int detector(DataId id, Exposure exposure) {
    VisitInfo info = exposure.visitInfo();
    return id.get(Dimension.DETECTOR).map(v -> ((Number) v).intValue()).orElse(info.detector());
  }

  /** {@code "<what> visit=V detector=D"} for messages. */
  static String describe(String what, DataId id, Exposure exposure) {
    VisitInfo info = exposure.visitInfo();
    String instrument = id.get(Dimension.INSTRUMENT).map(Object::toString).orElse(info.instrument());
    return what + " " + (instrument.isEmpty() ? "" : "instrument=" + InvalidDataException.sanitize(instrument) + " ")
        + "visit=" + visit(id, exposure) + " detector=" + detector(id, exposure);
  }

  /** The pipeline's algorithm failure for a science-module one, with the quantum named in the message. */
  static AlgorithmException algorithmFailure(String what, AlgorithmFailureException e) {
    return new AlgorithmException(what + ": " + e.getMessage(), e.metadata(), e);
  }
}
