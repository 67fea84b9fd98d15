/**
 * FITS input and output. Start here: {@link org.labelfree.fits.FitsExposures} (read and write exposures in the LSST
 * calexp layout, single images, DECam community-pipeline products), {@link org.labelfree.fits.FitsInspector} (list
 * HDUs, read any image HDU), {@link org.labelfree.fits.FitsPath} (cfitsio-style {@code file[N]} /
 * {@code file[EXTNAME]} selection), {@link org.labelfree.fits.FitsHeaderView} (typed header access).
 * {@link org.labelfree.fits.FitsFormatException} is the root of this package's bad-input exceptions.
 */
package org.labelfree.fits;
