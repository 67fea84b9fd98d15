/**
 * Labels without humans: matching DIA sources to the fakes injected into their image, forced photometry of the
 * fakes, and the join to simulated truth. Start here: {@link org.labelfree.labeling.InjectionMatcher} (mutual
 * nearest neighbours on the sphere, {@link org.labelfree.labeling.MatchFlags}, {@link
 * org.labelfree.labeling.MatchAgreement}); {@link org.labelfree.labeling.ForcedPhotometry} (forced PSF flux at a
 * position); {@link org.labelfree.labeling.TruthJoin} ({@code is_true_transient}). Science code over in-memory
 * arrays and exposures; no repository, no I/O.
 */
package org.labelfree.labeling;
