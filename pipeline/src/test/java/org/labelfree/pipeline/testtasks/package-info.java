/** Small tasks used by the tests of the task contract and the pipeline graph: a chain A -> B -> C and broken ones. */
package org.labelfree.pipeline.testtasks;
