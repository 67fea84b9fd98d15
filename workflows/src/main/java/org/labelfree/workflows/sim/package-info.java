/**
 * Writes a synthetic survey ({@link org.labelfree.sim.SyntheticSurvey}) into a data repository. Start here:
 * {@link org.labelfree.workflows.sim.SurveyWriter}.
 */
package org.labelfree.workflows.sim;
