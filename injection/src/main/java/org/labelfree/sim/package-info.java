/**
 * The synthetic survey: a sky of galaxies, stars and true transients rendered, with the artefacts real pipelines
 * face, into calibrated visit images and template coadds whose truth is known. Start here: {@code SyntheticSurvey}.
 */
package org.labelfree.sim;
