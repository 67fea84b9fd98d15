/**
 * Pipelines: start here with {@link org.labelfree.pipeline.graph.PipelineDefinition} (the YAML), then {@link
 * org.labelfree.pipeline.graph.TaskGraph} (tasks loaded, configs resolved, the graph inferred from connections and
 * ordered topologically). The quantum graph and the execution build on {@code TaskGraph}.
 */
package org.labelfree.pipeline.graph;
