/**
 * Difference imaging: template warping (Lanczos-3), Alard-Lupton kernel fitting, spatially varying convolution and
 * the decorrelation of the difference image. Start here: {@code AlardLupton}.
 */
package org.labelfree.diffim;
