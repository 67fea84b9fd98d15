package org.labelfree.workflows.formatters;

import java.util.List;
import org.labelfree.image.InvalidDataException;
import org.labelfree.pipeline.task.DataErrorRoots;

/**
 * Tells the executor which exceptions of the science modules mean bad input data (fail the quantum, not the run):
 * diffim-io's {@link InvalidDataException}, the root of its image, FITS, WCS, catalogue and stamp errors.
 */
public final class ScienceDataErrors implements DataErrorRoots {
  @Override
  public List<Class<? extends Throwable>> roots() {
    return List.of(InvalidDataException.class);
  }
}
