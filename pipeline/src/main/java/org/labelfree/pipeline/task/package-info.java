/**
 * The task contract: start here with {@link org.labelfree.pipeline.task.PipelineTask}.
 *
 * <p>A task is three declared parts, as in LSST's {@code pipe_base}: its {@link
 * org.labelfree.pipeline.task.TaskConnections} (what flows in and out, with dimensions and storage class), a config
 * record (how it behaves), and a pure {@code run} over in-memory records. {@link
 * org.labelfree.pipeline.task.TaskDescriptor} checks a task class against the contract and is the one reflective
 * adapter the executor uses; {@link org.labelfree.pipeline.task.TaskConfigs} maps YAML and {@code -c} values onto
 * config records and serialises them. Tasks classify their failures with the subclasses of {@link
 * org.labelfree.pipeline.task.TaskRunException}.
 */
package org.labelfree.pipeline.task;
