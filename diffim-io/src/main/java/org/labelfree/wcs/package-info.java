/**
 * Celestial world coordinate systems. Start here: {@link org.labelfree.wcs.Wcs} (sealed: {@link
 * org.labelfree.wcs.TanWcs}, {@link org.labelfree.wcs.TanSipWcs}, {@link org.labelfree.wcs.TpvWcs}), read with
 * {@link org.labelfree.wcs.Wcs#fromHeader} and written with {@link org.labelfree.wcs.Wcs#toHeaderCards}.
 * Pixels are 0-based (LSST); sky positions are ICRS degrees ({@link org.labelfree.wcs.SkyCoord}); bad headers throw
 * {@link org.labelfree.wcs.WcsException}.
 */
package org.labelfree.wcs;
