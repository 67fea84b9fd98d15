package org.labelfree.fits;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.labelfree.diffim.SpatialPolynomial;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageF;
import org.labelfree.image.ImagePsf;
import org.labelfree.image.Mask;
import org.labelfree.image.MaskPlanes;
import org.labelfree.image.MoffatPsf;
import org.labelfree.image.Metadata;
import org.labelfree.image.PhotoCalib;
import org.labelfree.image.PixelPsf;
import org.labelfree.image.Psf;
import org.labelfree.image.VisitInfo;
import org.labelfree.wcs.Wcs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes {@link Exposure}s as FITS. Start here.
 *
 * <h2>Layout (LSST calexp)</h2>
 * HDU 0: primary header, no data: the visit cards {@code INSTRUME, VISIT, DETECTOR, BAND, FILTER} (physical filter),
 * {@code MJD-AVG} (MJD at mid-exposure), {@code EXPTIME} (s), {@code GAIN} (e-/adu); the calibration {@code MAGZERO};
 * a Gaussian PSF as {@code PSFTYPE = 'GAUSSIAN'}, {@code PSFSIGMA}, {@code PSFSIZE}; a {@link MoffatPsf} as
 * {@code PSFTYPE = 'MOFFAT'}, {@code PSFFWHM} (pixels, at {@code PSFXC, PSFYC}), {@code PSFBETA}, {@code PSFE1},
 * {@code PSFE2} (reduced shear), {@code PSFXC, PSFYC} (parent-grid pixels), {@code PSFDFWX, PSFDFWY} (FWHM change
 * per pixel along x and y), {@code PSFSIZE} (kernel side); an image PSF as {@code PSFTYPE = 'IMAGE'}; a
 * {@link PixelPsf} as {@code PSFTYPE = 'PIXEL'}, {@code PSFORDER} (spatial polynomial order), {@code PSFOVERS}
 * (oversampling), {@code PSFSIZE} (native kernel side), {@code PSFBX0, PSFBY0, PSFBW, PSFBH} (the polynomial's box,
 * parent pixels); then the exposure's {@link Exposure#metadata()}. HDU 1 {@code IMAGE} (float32, with the
 * WCS cards), HDU 2 {@code MASK} (int32, with {@code MP_<NAME> = bit} cards), HDU 3 {@code VARIANCE} (float32), and
 * for an {@link ImagePsf} HDU 4 {@code PSF} (float32 kernel), for a {@link PixelPsf} HDU 4 {@code PSF} (float32,
 * NAXIS1 = NAXIS2 = model size, NAXIS3 = number of spatial terms, the basis images in term order). Every plane carries the sub-image origin as
 * {@code LTV1 = -x0, LTV2 = -y0} and as LSST's alternate WCS "A" ({@code CRVAL1A/2A = x0, y0}, {@code CTYPE1A/2A =
 * 'LINEAR'}, {@code CRPIX1A/2A = 1}, {@code CUNIT1A/2A = 'PIXEL'}). As in LSST, the in-memory WCS maps parent-grid
 * pixels while the file's CRPIX refers to the stored array (shifted by xy0 on write and read), so FITS readers that
 * know nothing of xy0 still get the right sky positions. Planes may be tile-compressed
 * ({@code ZIMAGE = T} binary tables, RICE_1 or GZIP_1/2); the reader decompresses them transparently.
 *
 * <h2>Reading</h2>
 * A file (or a selected HDU) whose image HDU is named {@code IMAGE} is read as the layout above: MASK and VARIANCE
 * must exist by name, IMAGE and VARIANCE must have BITPIX -32 (-64 is accepted and converted to float32), MASK
 * BITPIX 32, all three the same NAXIS1 x NAXIS2, and {@code MP_} cards bits in 0-31. Any other image HDU (BITPIX 8, 16,
 * 32, 64, -32 or -64) is read as a single-plane exposure: BSCALE/BZERO applied, BLANK and NaN pixels become NaN with
 * the {@code NO_DATA} mask bit set, the mask has the default planes, and the <b>variance is all NaN</b> ("unknown":
 * deliberately not estimated, since a guess from GAIN would ignore read noise and sky); one INFO line says so.
 *
 * <p>Visit cards fall back to common survey keywords when ours are absent: visit from {@code EXPNUM} or
 * {@code EXP-ID}, detector from {@code CCDNUM} or {@code DET-ID} (the first holding a non-negative integer), mid-MJD
 * from {@code MJD-OBS + EXPTIME/2/86400}, band from the first word of {@code FILTER} when it is one of u g r i z y.
 * The calibration falls back to {@code FLUXMAG0} (zero point {@code 2.5 log10 FLUXMAG0}). Cards consumed into the
 * visit info, calibration, PSF or WCS (and the structural, xy0 and {@code MP_} cards) are not repeated in
 * {@link Exposure#metadata()}; fallback cards stay there. The metadata is the primary header's cards followed by
 * the image HDU's.
 *
 * <p>Harmless defects (missing end-of-file padding, {@code D} exponents, duplicate keywords, trailing bytes) are
 * tolerated with ONE warning per file. Everything else throws {@link FitsFormatException} naming file, HDU, keyword
 * and what was expected. I/O failures throw {@link UncheckedIOException}.
 *
 * <h2>Writing</h2>
 * Atomic (a temporary file in the target folder, renamed into place; on failure nothing is left behind; not
 * fsync'ed) and deterministic (no date cards, fixed dither seed: the same exposure gives the same bytes). Metadata
 * cards with structural keys, or with a key the writer fills from the visit info, calibration or PSF, are not
 * written; non-finite real values are written as undefined values with the text "NaN"/"+Inf"/"-Inf" in the comment.
 *
 * <p>All methods are static and thread-safe; reads of large uncompressed planes use the common fork-join pool.
 */
public final class FitsExposures {
  private static final Logger LOG = LoggerFactory.getLogger(FitsExposures.class);

  private FitsExposures() {}

  /** Reads an exposure from a file (see the class comment for the layouts). */
  public static Exposure read(Path file) {
    return read(FitsPath.of(file));
  }

  /**
   * Reads an exposure: the LSST calexp layout if the (selected) image HDU is named IMAGE, else a single-plane image.
   *
   * @param path file and optional HDU selector
   * @return the exposure, never {@code null}
   * @throws FitsFormatException   if the file is not FITS, is truncated, or breaks the layout
   * @throws UncheckedIOException  if the file cannot be read
   */
  public static Exposure read(FitsPath path) {
    Objects.requireNonNull(path, "path");
    try (FitsFile f = FitsFile.open(path.file())) {
      FitsFile.Hdu chosen;
      if (path.selector() instanceof HduSelector.Default) {
        Optional<FitsFile.Hdu> image = f.findByName("IMAGE", 0);
        chosen = image.isPresent() ? image.get() : layoutCheck(f);
      } else {
        chosen = f.select(path.selector());
      }
      if (chosen.extname().equalsIgnoreCase("IMAGE")) {
        return readCalexp(f, chosen);
      }
      return readSingle(f, chosen);
    }
  }

  /**
   * The HDU to read when no HDU is named IMAGE: a file whose primary HDU has no data and that has extensions looks
   * like a broken calexp (say so), anything else is a single image.
   */
  private static FitsFile.Hdu layoutCheck(FitsFile f) {
    var hdus = f.hdus();
    if (hdus.size() >= 3 && hdus.get(0).kind() == HduKind.PRIMARY && (f.findByName("MASK", 0).isPresent()
        || f.findByName("VARIANCE", 0).isPresent())) {
      FitsFile.Hdu at1 = hdus.get(1);
      throw new FitsFormatException(f.name() + ": no HDU named IMAGE (expected at HDU[1], which is named '"
          + org.labelfree.image.InvalidDataException.sanitize(at1.extname()) + "'); the file has " + f.describe());
    }
    return f.select(HduSelector.none());
  }

  private static FitsFile.Hdu plane(FitsFile f, String name, int expectedIndex) {
    return f.findByName(name, 0).orElseThrow(() -> {
      String found = expectedIndex < f.hdus().size()
          ? "HDU[" + expectedIndex + "] is named '" + org.labelfree.image.InvalidDataException.sanitize(
              f.hdus().get(expectedIndex).extname()) + "'"
          : "the file has only " + f.hdus().size() + " HDUs";
      return new FitsFormatException(f.name() + ": missing " + name + " HDU: no HDU named " + name
          + " (expected at HDU["
          + expectedIndex + "]; " + found + "); the file has " + f.describe());
    });
  }

  private static Exposure readCalexp(FitsFile f, FitsFile.Hdu imageHdu) {
    FitsFile.Hdu maskHdu = plane(f, "MASK", imageHdu.index() + 1);
    FitsFile.Hdu varHdu = plane(f, "VARIANCE", imageHdu.index() + 2);

    /* Check the planes before reading any pixels. */
    for (FitsFile.Hdu h : new FitsFile.Hdu[] {imageHdu, varHdu}) {
      requireImage(h);
      int bp = h.imageBitpix();
      if (bp != -32 && bp != -64) {
        throw new FitsFormatException(h.where() + ": BITPIX is " + bp + "; expected -32 (float32; -64 is converted)");
      }
    }
    requireImage(maskHdu);
    if (maskHdu.imageBitpix() != 32) {
      throw new FitsFormatException(maskHdu.where() + ": BITPIX is " + maskHdu.imageBitpix() + "; expected 32");
    }
    int[] wh = f.imageSize(imageHdu);
    for (FitsFile.Hdu h : new FitsFile.Hdu[] {maskHdu, varHdu}) {
      int[] other = f.imageSize(h);
      if (!Arrays.equals(wh, other)) {
        throw new FitsFormatException(h.where() + ": NAXIS1 x NAXIS2 is " + other[0] + "x" + other[1] + "; expected "
            + wh[0] + "x" + wh[1] + " as in " + imageHdu.where());
      }
    }
    MaskPlanes planes = ExposureCards.maskPlanes(maskHdu.header());
    int[] xy0 = ExposureCards.xy0(imageHdu.header(), f.defects());
    for (FitsFile.Hdu h : new FitsFile.Hdu[] {maskHdu, varHdu}) {
      if (h.header().contains("LTV1") || h.header().contains("LTV2")) {
        int[] other = ExposureCards.xy0(h.header(), f.defects());
        if (!Arrays.equals(xy0, other)) {
          throw new FitsFormatException(h.where() + ": LTV1/LTV2 give xy0 (" + other[0] + ", " + other[1]
              + "); expected (" + xy0[0] + ", " + xy0[1] + ") as in " + imageHdu.where());
        }
      }
    }

    /* Pixels: each plane is read in parallel chunks. */
    ImageF image = ImageF.wrap(wh[0], wh[1], f.readFloats(imageHdu)).withXy0(xy0[0], xy0[1]);
    Mask mask = Mask.wrap(wh[0], wh[1], f.readInts(maskHdu), planes).withXy0(xy0[0], xy0[1]);
    ImageF variance = ImageF.wrap(wh[0], wh[1], f.readFloats(varHdu)).withXy0(xy0[0], xy0[1]);

    FitsHeaderView primary = f.hdus().get(0).header();
    Metadata merged = imageHdu.index() == 0 ? imageHdu.header().allCards()
        : primary.allCards().merge(imageHdu.header().allCards());
    Psf psf = readPsf(f, primary, merged);
    return assemble(f, imageHdu, primary, merged, image, mask, variance, psf);
  }

  /** A pixelised PSF from its cards and the basis cube in HDU PSF. */
  private static PixelPsf readPixelPsf(FitsFile f, FitsHeaderView primary, Metadata merged, FitsFile.Hdu ph) {
    int[] c = ExposureCards.pixelPsfCards(primary, merged);
    SpatialPolynomial spatial = new SpatialPolynomial(c[0], c[3], c[4], c[5], c[6]);
    requireImage(ph);
    int[] whd = f.cubeSize(ph);
    int m = c[1] * (c[2] - 1) + 1;
    if (whd[0] != m || whd[1] != m || whd[2] != spatial.termCount()) {
      throw new FitsFormatException(ph.where() + ": NAXIS1 x NAXIS2 x NAXIS3 is " + whd[0] + "x" + whd[1] + "x"
          + whd[2] + "; expected " + m + "x" + m + "x" + spatial.termCount() + " for PSFSIZE " + c[2] + ", PSFOVERS "
          + c[1] + ", PSFORDER " + c[0]);
    }
    float[] all = f.readFloatCube(ph);
    float[][] basis = new float[whd[2]][];
    for (int s = 0; s < basis.length; s++) {
      basis[s] = Arrays.copyOfRange(all, s * m * m, (s + 1) * m * m);
    }
    try {
      return new PixelPsf(spatial, c[1], c[2], basis);
    } catch (IllegalArgumentException e) {
      throw new FitsFormatException(ph.where() + ": not a usable PSF model: " + e.getMessage(), e);
    }
  }

  private static Exposure readSingle(FitsFile f, FitsFile.Hdu h) {
    requireImage(h);
    int[] wh = f.imageSize(h);
    int[] xy0 = ExposureCards.xy0(h.header(), f.defects());
    float[] pixels = f.readFloats(h);
    MaskPlanes planes = MaskPlanes.defaults();
    int noData = planes.bitmask("NO_DATA");
    int[] bits = new int[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      if (Float.isNaN(pixels[i])) {
        bits[i] = noData;
      }
    }
    float[] var = new float[pixels.length];
    Arrays.fill(var, Float.NaN);
    LOG.info("{}: single-plane image read as an exposure; no variance plane, variance set to NaN", h.where());
    FitsHeaderView primary = f.hdus().get(0).header();
    Metadata merged = h.index() == 0 ? h.header().allCards() : primary.allCards().merge(h.header().allCards());
    String psfType = ExposureCards.psfType(merged);
    Psf psf = psfType.equals("GAUSSIAN") ? ExposureCards.gaussianPsf(primary, merged)
        : psfType.equals("MOFFAT") ? ExposureCards.moffatPsf(primary, merged) : null;
    return assemble(f, h, primary, merged,
        ImageF.wrap(wh[0], wh[1], pixels).withXy0(xy0[0], xy0[1]),
        Mask.wrap(wh[0], wh[1], bits, planes).withXy0(xy0[0], xy0[1]),
        ImageF.wrap(wh[0], wh[1], var).withXy0(xy0[0], xy0[1]), psf);
  }

  private static Exposure assemble(FitsFile f, FitsFile.Hdu imageHdu, FitsHeaderView primary, Metadata merged,
      ImageF image, Mask mask, ImageF variance, Psf psf) {
    var visit = ExposureCards.visitInfo(merged, primary.where(), f.defects());
    var calib = ExposureCards.photoCalib(merged, primary.where());
    Wcs wcs = WcsCards.read(merged, imageHdu.where(), image.x0(), image.y0()).orElse(null);
    Set<String> drop = new HashSet<>(visit.consumed());
    drop.addAll(calib.consumed());
    if (psf != null) {
      drop.addAll(ExposureCards.PSF_KEYS);
    }
    Metadata metadata = merged.without(k -> FitsHeaderView.isStructural(k) || drop.contains(k)
        || ExposureCards.XY0_KEYS.contains(k) || k.startsWith("MP_") || (wcs != null && ExposureCards.isWcsKey(k)));
    return new Exposure(image, mask, variance, wcs, psf, calib.value(), visit.value(), metadata);
  }

  private static void requireImage(FitsFile.Hdu h) {
    if (!h.hasImage()) {
      throw new FitsFormatException(h.where() + ": HDU is " + h.kind() + " with NAXIS " + h.imageAxes().length
          + "; expected an image");
    }
  }

  /**
   * Assembles an exposure from the DECam community pipeline's three products: {@code ooi} (image), {@code oow}
   * (weight = inverse variance) and {@code ood} (data-quality codes). Each may be a single-HDU file or an HDU of a
   * multi-extension file selected with {@code [N]} or {@code [EXTNAME]}.
   *
   * <p>Variance = 1 / weight; where the weight is 0, negative or NaN the variance is NaN and {@code NO_DATA} is set.
   * Data-quality codes map to mask planes: 0 good; 1 bad pixel -> BAD; 2 no data -> NO_DATA; 3 saturated -> SAT;
   * 4 bleed trail -> SAT; 5 cosmic ray -> CR; 6 low weight -> SUSPECT; 7 difference detection -> SUSPECT; 8 long
   * streak -> STREAK; any other code -> BAD (a tolerated defect, warned once). The header (visit info, WCS,
   * metadata) comes from the image HDU, merged over its file's primary header.
   *
   * @throws FitsFormatException if a file is bad or the three differ in size
   */
  public static Exposure readCommunityPipeline(FitsPath image, FitsPath weight, FitsPath dq) {
    Exposure base = read(image);
    int w = base.width();
    int h = base.height();
    float[] wt = FitsInspector.readRaw(weight, w, h, "weight");
    float[] q = FitsInspector.readRaw(dq, w, h, "data quality");
    MaskPlanes planes = MaskPlanes.defaults();
    int[] codeToBits = {
      0, planes.bitmask("BAD"), planes.bitmask("NO_DATA"), planes.bitmask("SAT"), planes.bitmask("SAT"),
      planes.bitmask("CR"), planes.bitmask("SUSPECT"), planes.bitmask("SUSPECT"), planes.bitmask("STREAK")
    };
    int noData = planes.bitmask("NO_DATA");
    int bad = planes.bitmask("BAD");
    int[] bits = base.mask().copyBits();
    float[] var = new float[w * h];
    long unknownCodes = 0;
    for (int i = 0; i < var.length; i++) {
      float wi = wt[i];
      if (wi > 0 && Float.isFinite(wi)) {
        var[i] = 1f / wi;
      } else {
        var[i] = Float.NaN;
        bits[i] |= noData;
      }
      float c = q[i];
      int code = (int) c;
      if (code >= 0 && code < codeToBits.length && code == c) {
        bits[i] |= codeToBits[code];
      } else {
        bits[i] |= bad;
        unknownCodes++;
      }
    }
    if (unknownCodes > 0) {
      LOG.warn("{}: {} pixels with data-quality codes outside 0-8 were marked BAD", dq, unknownCodes);
    }
    return base.withMask(Mask.wrap(w, h, bits, planes).withXy0(base.image().x0(), base.image().y0()))
        .withVariance(ImageF.wrap(w, h, var).withXy0(base.image().x0(), base.image().y0()));
  }

  /** {@link #readCommunityPipeline(FitsPath, FitsPath, FitsPath)} for three single-HDU files. */
  public static Exposure readCommunityPipeline(Path image, Path weight, Path dq) {
    return readCommunityPipeline(FitsPath.of(image), FitsPath.of(weight), FitsPath.of(dq));
  }

  /** Writes an exposure uncompressed (see {@link #write(Exposure, Path, FitsWriteOptions)}). */
  public static void write(Exposure exposure, Path file) {
    write(exposure, file, FitsWriteOptions.defaults());
  }

  /**
   * Writes an exposure in the LSST calexp layout, atomically and deterministically (see the class comment).
   *
   * @param exposure the exposure, not {@code null}
   * @param file     the target; replaced if it exists; its folder must exist
   * @param options  compression and quantisation
   * @throws UncheckedIOException if the file cannot be written (the target is then untouched)
   * @throws IllegalArgumentException if a metadata key is too long to fit a card
   */
  public static void write(Exposure exposure, Path file, FitsWriteOptions options) {
    Objects.requireNonNull(exposure, "exposure");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(options, "options");
    VisitInfo v = exposure.visitInfo();
    PhotoCalib calib = exposure.photoCalib().orElse(null);
    Psf psf = exposure.psf().orElse(null);
    Metadata ours = ExposureCards.primaryCards(v, calib, psf);
    Metadata userCards = exposure.metadata().without(k -> FitsHeaderView.isStructural(k) || ours.contains(k)
        || ExposureCards.CALIB_PSF_KEYS.contains(k) || ExposureCards.XY0_KEYS.contains(k) || k.startsWith("MP_"));
    Metadata primary = ours.merge(userCards);
    int w = exposure.width();
    int h = exposure.height();
    Metadata xy0 = ExposureCards.xy0Cards(exposure.image().x0(), exposure.image().y0());
    Metadata imageCards = exposure.wcs()
        .map(wcs -> xy0.merge(WcsCards.write(wcs, exposure.image().x0(), exposure.image().y0()))).orElse(xy0);
    Metadata maskCards = ExposureCards.maskPlaneCards(exposure.mask().planes()).merge(xy0);
    try (FitsWriter out = new FitsWriter(file)) {
      out.writeEmptyPrimary(primary);
      switch (options.compression()) {
        case NONE -> {
          out.writeFloatImage("IMAGE", w, h, exposure.image().array(), imageCards);
          out.writeIntImage("MASK", w, h, exposure.mask().array(), maskCards);
          out.writeFloatImage("VARIANCE", w, h, exposure.variance().array(), xy0);
        }
        case GZIP_2, RICE_1 -> {
          String alg = options.compression().name();
          boolean quantize = options.compression() == FitsWriteOptions.Compression.RICE_1;
          int q = options.quantizeLevel();
          int seed = options.ditherSeed();
          out.writeCompressed("IMAGE", w, h, exposure.image().array(), alg, quantize, q, seed, imageCards);
          out.writeCompressed("MASK", w, h, exposure.mask().array(), alg, false, q, seed, maskCards);
          out.writeCompressed("VARIANCE", w, h, exposure.variance().array(), alg, quantize, q, seed, xy0);
        }
        default -> throw new IllegalStateException("unknown compression " + options.compression());
      }
      writePsfHdu(out, psf);
      out.commit();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write FITS file " + file, e);
    }
  }

  /** The PSF the cards and the PSF HDU describe, or null when there is none. */
  private static Psf readPsf(FitsFile f, FitsHeaderView primary, Metadata merged) {
    Psf psf = null;
    String psfType = ExposureCards.psfType(merged);
    Optional<FitsFile.Hdu> psfHdu = f.findByName("PSF", 0);
    if (psfType.equals("GAUSSIAN")) {
      psf = ExposureCards.gaussianPsf(primary, merged);
    } else if (psfType.equals("MOFFAT")) {
      psf = ExposureCards.moffatPsf(primary, merged);
    } else if (psfType.equals("PIXEL")) {
      psf = readPixelPsf(f, primary, merged, psfHdu.orElseThrow(() -> new FitsFormatException(primary.where()
          + ": PSFTYPE is 'PIXEL' but there is no HDU named PSF; the file has " + f.describe())));
    } else if (psfType.equals("IMAGE") || psfHdu.isPresent()) {
      FitsFile.Hdu ph = psfHdu.orElseThrow(() -> new FitsFormatException(primary.where()
          + ": PSFTYPE is 'IMAGE' but there is no HDU named PSF; the file has " + f.describe()));
      requireImage(ph);
      int[] pwh = f.imageSize(ph);
      try {
        psf = new ImagePsf(ImageF.wrap(pwh[0], pwh[1], f.readFloats(ph)));
      } catch (IllegalArgumentException e) {
        throw new FitsFormatException(ph.where() + ": not a usable PSF kernel: " + e.getMessage(), e);
      }
    }
    return psf;
  }

  /**
   * Writes a PSF alone: an empty primary HDU with the PSF cards (as in the calexp layout) and, for an image or
   * pixelised PSF, the {@code PSF} HDU. Atomic and deterministic.
   *
   * @param psf  the PSF, not null
   * @param file the target; replaced if it exists
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void writePsf(Psf psf, Path file) {
    Objects.requireNonNull(psf, "psf");
    Objects.requireNonNull(file, "file");
    try (FitsWriter out = new FitsWriter(file)) {
      out.writeEmptyPrimary(ExposureCards.primaryCards(VisitInfo.unknown(), null, psf));
      writePsfHdu(out, psf);
      out.commit();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write FITS file " + file, e);
    }
  }

  /**
   * Reads a PSF written by {@link #writePsf} (or the PSF of a calexp-layout file).
   *
   * @param file the file
   * @return the PSF
   * @throws FitsFormatException naming the file when it holds no PSF or a malformed one
   */
  public static Psf readPsf(Path file) {
    Objects.requireNonNull(file, "file");
    try (FitsFile f = FitsFile.open(file)) {
      FitsHeaderView primary = f.hdus().get(0).header();
      Psf psf = readPsf(f, primary, primary.allCards());
      if (psf == null) {
        throw new FitsFormatException(primary.where() + ": no PSF (PSFTYPE missing and no HDU named PSF)");
      }
      return psf;
    }
  }

  private static void writePsfHdu(FitsWriter out, Psf psf) throws IOException {
    if (psf instanceof ImagePsf ip) {
      ImageF k = ip.kernel();
      out.writeFloatImage("PSF", k.width(), k.height(), k.array(), Metadata.empty());
    } else if (psf instanceof PixelPsf pp) {
      int m = pp.modelSize();
      float[] cube = new float[pp.termCount() * m * m];
      for (int s = 0; s < pp.termCount(); s++) {
        System.arraycopy(pp.basis(s), 0, cube, s * m * m, m * m);
      }
      out.writeFloatCube("PSF", m, m, pp.termCount(), cube, Metadata.empty());
    }
  }
}
