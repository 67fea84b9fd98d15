/**
 * Pipeline tasks over images and catalogues; start here with {@link
 * org.labelfree.workflows.tasks.ExposureSummaryTask}, the first task of the bundled pipeline {@code label_free_rb}.
 *
 * <p>Each task follows the contract of {@link org.labelfree.pipeline.task.PipelineTask}: typed connection constants,
 * a documented config record with {@code defaults()}, and a pure {@code run} over in-memory inputs; the framework's
 * adapter does all I/O.
 */
package org.labelfree.workflows.tasks;
