/**
 * The image model. Start here: {@link org.labelfree.image.Exposure} (image + {@link org.labelfree.image.Mask} +
 * variance + WCS + {@link org.labelfree.image.Psf} + {@link org.labelfree.image.PhotoCalib} +
 * {@link org.labelfree.image.VisitInfo} + {@link org.labelfree.image.Metadata}). Pixels are 0-based (LSST);
 * {@link org.labelfree.image.InvalidDataException} is the root of every bad-input exception of this module.
 */
package org.labelfree.image;
