/**
 * Gen3-style middleware. It knows nothing of astronomy beyond storage-class names and dimensions. Packages:
 * {@code repo} (dimensions, data IDs, dataset types; the registry and datastore), {@code query} (the WHERE-expression
 * grammar and its SQL compiler; start at {@code QueryExpressions}), {@code task} (the task contract: connections,
 * config records, the one input/output adapter; start at {@code PipelineTask}) and {@code graph} (YAML pipelines and
 * the task graph; start at {@code TaskGraph}). The quantum graph and the Beam execution come next.
 */
package org.labelfree.pipeline;
