package org.labelfree.sim;

/**
 * The observing conditions of one simulated visit (truth).
 *
 * @param visit          visit number (1-based, in time order)
 * @param night          night index (0-based)
 * @param band           band
 * @param mjd            MJD (TAI) at mid-exposure, days
 * @param exposureTime   exposure time, seconds
 * @param boresightRa    pointing right ascension, degrees (field centre plus dither)
 * @param boresightDec   pointing declination, degrees
 * @param rotationDeg    rotation of the camera about the boresight, degrees
 * @param seeing         PSF FWHM at the detector centres, arcsec
 * @param beta           Moffat beta of the PSF
 * @param e1             PSF ellipticity (reduced shear) component along x
 * @param e2             PSF ellipticity component along the diagonal
 * @param extinction     transparency loss, magnitudes (>= 0)
 * @param skyMagnitude   sky surface brightness, AB mag per square arcsec
 * @param skyGradX       fractional sky change per detector width along x
 * @param skyGradY       fractional sky change per detector height along y
 */
public record VisitConditions(long visit, int night, String band, double mjd, double exposureTime, double boresightRa,
    double boresightDec, double rotationDeg, double seeing, double beta, double e1, double e2, double extinction,
    double skyMagnitude, double skyGradX, double skyGradY) {

  /** Zero point (AB) of one electron in this visit: the band's one-second zero point, exposure time, extinction. */
  public double zeroPointElectrons() {
    return SurveyConfig.zeroPointElectronsPerSecond(band) + 2.5 * Math.log10(exposureTime) - extinction;
  }

  /** Sky level, electrons per pixel, at the detector centre. */
  public double skyElectrons(double pixelScale) {
    double perPixelMag = skyMagnitude - 2.5 * Math.log10(pixelScale * pixelScale);
    return Math.pow(10.0, 0.4 * (zeroPointElectrons() - perPixelMag));
  }

  /** This visit as an epoch of the transient model. */
  public Transients.Epoch epoch() {
    return new Transients.Epoch(visit, mjd, band, exposureTime);
  }
}
