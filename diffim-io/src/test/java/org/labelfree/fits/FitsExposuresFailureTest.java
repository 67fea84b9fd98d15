package org.labelfree.fits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.image.Exposure;
import org.labelfree.image.InvalidDataException;
import org.labelfree.image.Metadata;
import org.labelfree.image.MoffatPsf;
import org.slf4j.LoggerFactory;

/** Bad input: each test builds a valid file, breaks one thing, and checks the exception type and message. */
class FitsExposuresFailureTest {
  @TempDir Path dir;

  private Path valid() {
    Path p = dir.resolve("ok.fits");
    FitsExposures.write(TestExposures.full(10, 8, 21), p);
    return p;
  }

  /** Replaces the first card starting with {@code prefix} after byte {@code from} by {@code card}. */
  private static void replaceCard(Path p, String prefix, String card, int skip) throws IOException {
    byte[] b = Files.readAllBytes(p);
    String s = new String(b, StandardCharsets.ISO_8859_1);
    int at = -1;
    for (int i = 0; i <= skip; i++) {
      do {
        at = s.indexOf(prefix, at + 1);
      } while (at >= 0 && at % 80 != 0);
    }
    assertTrue(at >= 0, "card " + prefix + " present");
    byte[] c = CardCodec.pad(card).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(c, 0, b, at, 80);
    Files.write(p, b);
  }

  private static FitsFormatException fails(Path p) {
    FitsFormatException e = assertThrows(FitsFormatException.class, () -> FitsExposures.read(p));
    assertTrue(e instanceof InvalidDataException);
    assertTrue(e.getMessage().contains(p.toString()), "message names the file: " + e.getMessage());
    return e;
  }

  private static void assertMentions(Exception e, String... words) {
    for (String w : words) {
      assertTrue(e.getMessage().contains(w), "message has '" + w + "': " + e.getMessage());
    }
  }

  @Test
  void notFitsAtAll() throws IOException {
    Path p = dir.resolve("notes.fits");
    Files.writeString(p, "This is a text file, not an image.\n".repeat(10));
    assertMentions(fails(p), "not a FITS file", "SIMPLE");
  }

  @Test
  void truncatedData() throws IOException {
    Path p = valid();
    byte[] b = Files.readAllBytes(p);
    Files.write(p, Arrays.copyOf(b, b.length - 2880 - 100));
    assertMentions(fails(p), "HDU[3] (VARIANCE)", "data truncated", "320 bytes expected");
  }

  @Test
  void missingMaskHdu() throws IOException {
    Path p = dir.resolve("nomask.fits");
    try (FitsWriter w = new FitsWriter(p)) {
      w.writeEmptyPrimary(Metadata.empty());
      w.writeFloatImage("IMAGE", 4, 3, new float[12], Metadata.empty());
      w.writeFloatImage("VARIANCE", 4, 3, new float[12], Metadata.empty());
      w.commit();
    }
    assertMentions(fails(p), "missing MASK HDU", "HDU[2] is named 'VARIANCE'");
  }

  @Test
  void misnamedHdu() throws IOException {
    Path p = valid();
    replaceCard(p, "EXTNAME = 'MASK", "EXTNAME = 'MASKS   '", 0);
    assertMentions(fails(p), "missing MASK HDU", "HDU[2] is named 'MASKS'");
  }

  @Test
  void maskWithBitpix16() throws IOException {
    /* One corruption: the MASK plane is int16 (BITPIX 16 with twice the columns, so the data size still fits). */
    Path p = valid();
    replaceCard(p, "BITPIX  =                   32", "BITPIX  =                   16", 0);
    replaceCard(p, "NAXIS1  =                   10", "NAXIS1  =                   20", 1);
    assertMentions(fails(p), "HDU[2] (MASK)", "BITPIX is 16; expected 32");
  }

  @Test
  void naxisMismatchBetweenImageAndVariance() throws IOException {
    Path p = dir.resolve("mismatch.fits");
    try (FitsWriter w = new FitsWriter(p)) {
      w.writeEmptyPrimary(Metadata.empty());
      w.writeFloatImage("IMAGE", 4, 3, new float[12], Metadata.empty());
      w.writeIntImage("MASK", 4, 3, new int[12], Metadata.empty());
      w.writeFloatImage("VARIANCE", 4, 2, new float[8], Metadata.empty());
      w.commit();
    }
    assertMentions(fails(p), "HDU[3] (VARIANCE)", "NAXIS1 x NAXIS2 is 4x2; expected 4x3");
  }

  @Test
  void maskPlaneBitOutOfRange() throws IOException {
    Path p = valid();
    replaceCard(p, "MP_SAT  =", "MP_SAT  =                   40 / mask plane bit", 0);
    assertMentions(fails(p), "HDU[2] (MASK)", "MP_SAT", "'40'", "0-31");
  }

  @Test
  void missingEndPaddingIsToleratedWithOneWarning() throws IOException {
    Path p = valid();
    Exposure expected = FitsExposures.read(p);
    byte[] b = Files.readAllBytes(p);
    /* The VARIANCE data (10 x 8 float32 = 320 bytes) end 2560 bytes before the padded end. */
    Files.write(p, Arrays.copyOf(b, b.length - 2560));
    Logger logger = (Logger) LoggerFactory.getLogger("org.labelfree.fits");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      assertEquals(expected, FitsExposures.read(p));
    } finally {
      logger.detachAppender(appender);
    }
    List<ILoggingEvent> warnings = appender.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
    assertEquals(1, warnings.size(), "one warning per file");
    assertTrue(warnings.get(0).getFormattedMessage().contains("missing end-of-file padding"),
        warnings.get(0).getFormattedMessage());
  }

  @Test
  void hduIndexOutOfRange() {
    Path p = valid();
    FitsFormatException e = assertThrows(FitsFormatException.class,
        () -> FitsExposures.read(FitsPath.parse(p + "[7]")));
    assertMentions(e, "HDU[7] requested", "has 4 HDUs");
  }

  @Test
  void extnameAbsent() {
    Path p = valid();
    FitsFormatException e = assertThrows(FitsFormatException.class,
        () -> FitsExposures.read(FitsPath.parse(p + "[NOPE]")));
    assertMentions(e, "no HDU with EXTNAME 'NOPE'", "'VARIANCE'");
  }

  @Test
  void headerWithoutEnd() throws IOException {
    Path p = dir.resolve("noend.fits");
    Files.writeString(p, CardCodec.pad("SIMPLE  =                    T")
        + CardCodec.pad("BITPIX  =                    8")
        + CardCodec.pad("NAXIS   =                    0"), StandardCharsets.US_ASCII);
    assertMentions(fails(p), "HDU[0]", "no END card");
  }

  @Test
  void gaussianPsfWithoutSigma() throws IOException {
    Path p = valid();
    replaceCard(p, "PSFSIGMA=", "COMMENT   PSFSIGMA removed", 0);
    assertMentions(fails(p), "HDU[0]", "PSFSIGMA is missing");
  }

  /** A valid file whose PSF is a Moffat model. */
  private Path validMoffat() {
    Path p = dir.resolve("moffat.fits");
    FitsExposures.write(TestExposures.full(10, 8, 22)
        .withPsf(new MoffatPsf(3.5, 3.2, 0.05, -0.02, 512, 256, 1e-4, 2e-4, 21)), p);
    return p;
  }

  @ParameterizedTest
  @ValueSource(strings = {"PSFFWHM", "PSFBETA", "PSFE1", "PSFE2", "PSFXC", "PSFYC", "PSFDFWX", "PSFDFWY", "PSFSIZE"})
  void moffatPsfWithoutOneCard(String key) throws IOException {
    Path p = validMoffat();
    replaceCard(p, String.format("%-8s=", key), "COMMENT   " + key + " removed", 0);
    assertMentions(fails(p), "HDU[0]", "keyword " + key + " is missing", "PSFTYPE = 'MOFFAT'");
  }

  @Test
  void moffatPsfWithTextE1() throws IOException {
    Path p = validMoffat();
    replaceCard(p, "PSFE1   =", "PSFE1   = 'round'", 0);
    assertMentions(fails(p), "HDU[0]", "keyword PSFE1 is missing or not a number");
  }

  @Test
  void moffatPsfWithBetaBelowOne() throws IOException {
    Path p = validMoffat();
    replaceCard(p, "PSFBETA =", "PSFBETA =                  0.8", 0);
    assertMentions(fails(p), "HDU[0]", "PSFBETA is 0.8", "1 < PSFBETA");
  }

  @Test
  void moffatPsfWithNegativeFwhm() throws IOException {
    Path p = validMoffat();
    replaceCard(p, "PSFFWHM =", "PSFFWHM =                 -2.0", 0);
    assertMentions(fails(p), "HDU[0]", "PSFFWHM is -2.0", "0 < PSFFWHM");
  }

  @Test
  void moffatPsfWithTooLargeShear() throws IOException {
    Path p = validMoffat();
    replaceCard(p, "PSFE2   =", "PSFE2   =                  0.6", 0);
    assertMentions(fails(p), "HDU[0]", "PSFE1, PSFE2 are 0.05, 0.6", "< 0.5");
  }

  @Test
  void moffatPsfWithEvenKernelSize() throws IOException {
    Path p = validMoffat();
    replaceCard(p, "PSFSIZE =", "PSFSIZE =                   20", 0);
    assertMentions(fails(p), "HDU[0]", "PSFSIZE is 20", "odd size >= 3");
  }

  @Test
  void moffatPsfWithInfiniteGradient() throws IOException {
    Path p = validMoffat();
    replaceCard(p, "PSFDFWX =", "PSFDFWX =               1.0E999", 0);
    assertMentions(fails(p), "HDU[0]", "PSFDFWX");
  }
}
