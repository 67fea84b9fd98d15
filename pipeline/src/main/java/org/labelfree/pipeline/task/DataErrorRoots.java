package org.labelfree.pipeline.task;

import java.util.List;

/**
 * A service naming the root exception classes of bad input data in the science modules (e.g. diffim-io's
 * {@code InvalidDataException}, the root of its FITS, WCS, catalogue and stamp errors). The executor fails only the
 * quantum, with the message in the failure report, for an exception of these classes; an exception of no known
 * class is a bug and fails the run. Found with {@link java.util.ServiceLoader} (list implementations in {@code
 * META-INF/services/org.labelfree.pipeline.task.DataErrorRoots}); implementations need a public no-argument
 * constructor.
 */
public interface DataErrorRoots {
  /** The root classes; subclasses count too. */
  List<Class<? extends Throwable>> roots();
}
