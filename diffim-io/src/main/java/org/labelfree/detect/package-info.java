/**
 * Single-frame and difference-image source detection and measurement: background estimation, matched-filter
 * detection, footprints and peaks, centroids, adaptive moments, PSF, Kron and aperture fluxes.
 *
 * <p>Start here: {@link org.labelfree.detect.DetectAndMeasure}.
 */
package org.labelfree.detect;
