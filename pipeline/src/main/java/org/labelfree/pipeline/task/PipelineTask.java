package org.labelfree.pipeline.task;

/**
 * A pipeline task: a pure function from in-memory input records to output records, with no I/O. Start here.
 *
 * <p>The contract a task class {@code T} must follow so that a pipeline can name it ({@code class:} in YAML) and the
 * framework can plan and run it without running it first; {@link TaskDescriptor#of(Class)} checks all of it:
 *
 * <ol>
 *   <li>{@code T} is a public, non-abstract top-level or static nested class that implements {@code
 *       PipelineTask<I, O>} with concrete record types {@code I} and {@code O} (usually nested records named {@code
 *       Inputs} and {@code Outputs}).
 *   <li>{@code T} has exactly one public constructor, taking its config record {@code C}; {@code C} has a {@code
 *       public static C defaults()} factory, documents every component (units, default) and validates in its compact
 *       constructor by throwing {@link IllegalArgumentException}. Component types are limited to those {@link
 *       TaskConfigs} converts.
 *   <li>{@code T} has a {@code public static TaskConnections connections()} method returning its dimensions and
 *       connections (typed constants, see {@link Connection}).
 *   <li>The components of {@code I} are the input and prerequisite connections, those of {@code O} the output
 *       connections, named by {@link Connection#componentName()} (the lower camel case of the snake_case connection
 *       name: connection {@code injected_calexp} is component {@code injectedCalexp}). A {@link Connection#multiple()
 *       multiple} connection is a {@code java.util.List} component; an optional one may be {@code null}.
 * </ol>
 *
 * <p>{@link #run} must be deterministic for a given config and inputs (randomness from seeds in the config mixed with
 * the data ID), must not mutate its inputs and must not do I/O. It classifies its failures by throwing {@link
 * NoWorkFoundException}, {@link UnprocessableDataException} or {@link AlgorithmException}; anything else is treated
 * as a bug. A task instance may be reused for many quanta but is not required to be thread-safe: the executor uses
 * one instance per thread (per Beam DoFn instance). A task that holds a resource across quanta (a loaded model, a
 * native session) may implement {@link AutoCloseable}: the executor closes it when its DoFn is torn down.
 *
 * @param <I> the inputs record
 * @param <O> the outputs record
 */
public interface PipelineTask<I extends Record, O extends Record> {

  /**
   * Runs the task on one quantum's inputs.
   *
   * @param inputs the inputs, never null; components of optional connections may be null
   * @return the outputs, never null, with a non-null value for every output connection
   * @throws NoWorkFoundException        nothing to do for this quantum (not a failure)
   * @throws UnprocessableDataException  the data are too bad for any algorithm (quantum skipped with the reason)
   * @throws AlgorithmException          a repeatable algorithmic failure (quantum failed)
   */
  O run(I inputs);
}
