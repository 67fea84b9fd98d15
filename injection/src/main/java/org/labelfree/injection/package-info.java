/**
 * Host-based fake injection: host selection, injection catalogues and the injection engine.
 *
 * <p>Start here: {@link org.labelfree.injection.HostSelector} picks host galaxies from a detector's src catalogue;
 * {@link org.labelfree.injection.InjectionCatalogMaker} makes a visit's injection catalogue from them (the paper's
 * recipe, or persistent light-curve fakes); {@link org.labelfree.injection.InjectionCatalogs} holds the catalogue's
 * schema and validates user catalogues for ingestion; the engine (Injector) draws the fakes into an exposure.
 * Afterwards, {@link org.labelfree.injection.FakeMatcher} matches the fakes to detections,
 * {@link org.labelfree.injection.CompletenessCurve} fits the detection completeness against magnitude and
 * {@link org.labelfree.injection.PointSourceDepth} gives the 5-sigma depth it is compared with.
 */
package org.labelfree.injection;
