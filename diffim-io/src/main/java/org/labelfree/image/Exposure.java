package org.labelfree.image;

import java.util.Objects;
import java.util.Optional;
import org.labelfree.wcs.Wcs;

/**
 * A calibrated exposure as LSST's {@code ExposureF}: image, mask and variance planes of one size and origin, with
 * the WCS, an optional PSF, the photometric calibration, the visit information and the remaining header cards.
 *
 * <p>Immutable (the planes have value semantics); {@code with*} methods return modified copies that share unchanged
 * parts. Equality compares every part.
 */
public final class Exposure {
  private final ImageF image;
  private final Mask mask;
  private final ImageF variance;
  private final Wcs wcs;
  private final Psf psf;
  private final PhotoCalib photoCalib;
  private final VisitInfo visitInfo;
  private final Metadata metadata;

  /**
   * @param image      science pixels (counts)
   * @param mask       mask bits, same size and origin as the image
   * @param variance   per-pixel variance (counts^2), same size and origin as the image
   * @param wcs        the WCS, or {@code null} if the exposure has none
   * @param psf        the PSF model, or {@code null} if none is known
   * @param photoCalib the calibration, or {@code null} if none is known
   * @param visitInfo  what the exposure is (never {@code null}; use {@link VisitInfo#unknown()})
   * @param metadata   the remaining header cards (never {@code null})
   * @throws IllegalArgumentException if the planes differ in size or origin
   */
  public Exposure(ImageF image, Mask mask, ImageF variance, Wcs wcs, Psf psf, PhotoCalib photoCalib,
      VisitInfo visitInfo, Metadata metadata) {
    this.image = Objects.requireNonNull(image, "image");
    this.mask = Objects.requireNonNull(mask, "mask");
    this.variance = Objects.requireNonNull(variance, "variance");
    if (mask.width() != image.width() || mask.height() != image.height() || variance.width() != image.width()
        || variance.height() != image.height()) {
      throw new IllegalArgumentException("planes differ in size: image " + image.width() + "x" + image.height()
          + ", mask " + mask.width() + "x" + mask.height() + ", variance " + variance.width() + "x"
          + variance.height());
    }
    if (mask.x0() != image.x0() || mask.y0() != image.y0() || variance.x0() != image.x0()
        || variance.y0() != image.y0()) {
      throw new IllegalArgumentException("planes differ in origin: image (" + image.x0() + "," + image.y0()
          + "), mask (" + mask.x0() + "," + mask.y0() + "), variance (" + variance.x0() + "," + variance.y0() + ")");
    }
    this.wcs = wcs;
    this.psf = psf;
    this.photoCalib = photoCalib;
    this.visitInfo = Objects.requireNonNull(visitInfo, "visitInfo");
    this.metadata = Objects.requireNonNull(metadata, "metadata");
  }

  /** An exposure of an image alone: empty mask, zero variance, nothing else known. */
  public static Exposure of(ImageF image) {
    return new Exposure(image, Mask.zeros(image.width(), image.height()).withXy0(image.x0(), image.y0()),
        ImageF.zeros(image.width(), image.height()).withXy0(image.x0(), image.y0()), null, null, null,
        VisitInfo.unknown(), Metadata.empty());
  }

  public ImageF image() {
    return image;
  }

  public Mask mask() {
    return mask;
  }

  public ImageF variance() {
    return variance;
  }

  public Optional<Wcs> wcs() {
    return Optional.ofNullable(wcs);
  }

  public Optional<Psf> psf() {
    return Optional.ofNullable(psf);
  }

  public Optional<PhotoCalib> photoCalib() {
    return Optional.ofNullable(photoCalib);
  }

  public VisitInfo visitInfo() {
    return visitInfo;
  }

  /** Header cards not represented by the other parts (WCS, calibration and visit cards are not repeated here). */
  public Metadata metadata() {
    return metadata;
  }

  public int width() {
    return image.width();
  }

  public int height() {
    return image.height();
  }

  public Exposure withImage(ImageF newImage) {
    return new Exposure(newImage, mask, variance, wcs, psf, photoCalib, visitInfo, metadata);
  }

  public Exposure withMask(Mask newMask) {
    return new Exposure(image, newMask, variance, wcs, psf, photoCalib, visitInfo, metadata);
  }

  public Exposure withVariance(ImageF newVariance) {
    return new Exposure(image, mask, newVariance, wcs, psf, photoCalib, visitInfo, metadata);
  }

  public Exposure withWcs(Wcs newWcs) {
    return new Exposure(image, mask, variance, newWcs, psf, photoCalib, visitInfo, metadata);
  }

  public Exposure withPsf(Psf newPsf) {
    return new Exposure(image, mask, variance, wcs, newPsf, photoCalib, visitInfo, metadata);
  }

  public Exposure withPhotoCalib(PhotoCalib newCalib) {
    return new Exposure(image, mask, variance, wcs, psf, newCalib, visitInfo, metadata);
  }

  public Exposure withVisitInfo(VisitInfo newInfo) {
    return new Exposure(image, mask, variance, wcs, psf, photoCalib, newInfo, metadata);
  }

  public Exposure withMetadata(Metadata newMetadata) {
    return new Exposure(image, mask, variance, wcs, psf, photoCalib, visitInfo, newMetadata);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Exposure e && e.image.equals(image) && e.mask.equals(mask) && e.variance.equals(variance)
        && Objects.equals(e.wcs, wcs) && Objects.equals(e.psf, psf) && Objects.equals(e.photoCalib, photoCalib)
        && e.visitInfo.equals(visitInfo) && e.metadata.equals(metadata);
  }

  @Override
  public int hashCode() {
    return Objects.hash(image, mask, variance, wcs, psf, photoCalib, visitInfo, metadata);
  }

  @Override
  public String toString() {
    return "Exposure[" + image.width() + "x" + image.height() + ", " + visitInfo + "]";
  }
}
