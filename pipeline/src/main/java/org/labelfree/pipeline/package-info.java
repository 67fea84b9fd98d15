/**
 * Gen3-style middleware: repository (registry + datastore), query expressions, pipelines, quantum graphs and Beam
 * execution. Nothing here yet: the workflow-core issue builds it. It knows nothing of astronomy beyond storage
 * classes and dimensions.
 */
package org.labelfree.pipeline;
