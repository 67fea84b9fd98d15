package org.labelfree.injection;

import org.labelfree.catalog.Catalog;
import org.labelfree.catalog.ColumnSpec;
import org.labelfree.catalog.ColumnType;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageF;
import org.labelfree.image.Mask;
import org.labelfree.image.Metadata;
import org.labelfree.image.PhotoCalib;
import org.labelfree.image.Psf;
import org.labelfree.image.VisitInfo;
import org.labelfree.wcs.CdMatrix;
import org.labelfree.wcs.SkyCoord;
import org.labelfree.wcs.TanWcs;
import org.labelfree.wcs.Wcs;

import java.util.List;

/** Test support: small exposures with a TAN WCS and injection catalogues at chosen pixel positions. */
final class InjectionTestSupport {
  /** Zero point of the test exposures: magnitude 30 is 1 count. */
  static final double ZP = 30;

  private InjectionTestSupport() {}

  /** A TAN WCS of 0.2"/px around (150, 2) with its reference pixel at parent (x0 + 64, y0 + 64). */
  static Wcs wcs(int x0, int y0) {
    return TanWcs.of(new SkyCoord(150.0, 2.0), x0 + 64.0, y0 + 64.0, CdMatrix.northUp(0.2 / 3600));
  }

  /** A {@code w x h} exposure at origin (x0, y0) of constant image and variance, with WCS, PSF, calib and gain. */
  static Exposure exposure(int w, int h, int x0, int y0, float image, float variance, Psf psf, double gain) {
    return new Exposure(ImageF.filled(w, h, image).withXy0(x0, y0), Mask.zeros(w, h).withXy0(x0, y0),
        ImageF.filled(w, h, variance).withXy0(x0, y0), wcs(x0, y0), psf, new PhotoCalib(ZP),
        new VisitInfo("test", 1, 0, "r", "r", 60000, 30, gain), Metadata.empty());
  }

  /** A catalogue of "Star" rows at parent pixel positions with fluxes in counts (ids 100, 101, ...). */
  static Catalog catalog(Wcs wcs, double[] x, double[] y, double[] flux) {
    Catalog.RowBuilder b = Catalog.rowBuilder(List.of(ColumnSpec.of("injection_id", ColumnType.LONG),
        ColumnSpec.of("ra", ColumnType.DOUBLE), ColumnSpec.of("dec", ColumnType.DOUBLE),
        ColumnSpec.of("source_type", ColumnType.STRING), ColumnSpec.of("mag", ColumnType.DOUBLE)));
    for (int i = 0; i < x.length; i++) {
      SkyCoord s = wcs.pixelToSky(x[i], y[i]);
      b.addRow(100L + i, s.ra(), s.dec(), "Star", ZP - 2.5 * Math.log10(flux[i]));
    }
    return b.build();
  }
}
