package org.labelfree.fits;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.ImageHDU;
import nom.tam.fits.compression.algorithm.quant.QuantizeOption;
import nom.tam.image.compression.hdu.CompressedImageHDU;
import nom.tam.util.FitsOutputStream;
import org.labelfree.image.Metadata;
import org.labelfree.image.Metadata.Card;

/**
 * Writes HDUs to a temporary file beside the target and renames it into place when complete (so a failure never
 * leaves a half-written target). Headers are formatted by {@link CardCodec}; pixel data are converted in chunks
 * through a direct big-endian buffer. Compressed planes are encoded by nom-tam-fits and wrapped in our own header.
 * Output bytes depend only on the input (no clock, fixed dither seed). One instance per file; not thread-safe.
 */
final class FitsWriter implements AutoCloseable {
  private static final int CHUNK = 1 << 22;
  /** cfitsio's ZBLANK for quantised NaN pixels. */
  private static final int NULL_VALUE = -2147483647;

  static {
    NomTamLogging.quiet();
  }

  private final Path target;
  private final Path temp;
  private final FileChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.BIG_ENDIAN);
  private boolean committed;

  FitsWriter(Path target) {
    this.target = target.toAbsolutePath();
    Path dir = this.target.getParent();
    try {
      this.temp = Files.createTempFile(dir, "." + this.target.getFileName() + ".", ".tmp");
      if (Files.getFileStore(temp).supportsFileAttributeView("posix")) {
        /* createTempFile makes the file owner-only; a data product is readable like any other file. */
        Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      }
      this.channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary file in " + dir, e);
    }
  }

  /** The primary header of a file with extensions and no primary data. */
  void writeEmptyPrimary(Metadata cards) throws IOException {
    List<Card> all = new ArrayList<>();
    all.add(new Card("SIMPLE", true, "conforms to FITS standard"));
    all.add(new Card("BITPIX", 8L, "array data type"));
    all.add(new Card("NAXIS", 0L, "number of array dimensions"));
    all.add(new Card("EXTEND", true, ""));
    all.addAll(cards.cards());
    writeBytes(CardCodec.formatHeader(all));
  }

  /** A float32 IMAGE extension. */
  void writeFloatImage(String extname, int w, int h, float[] pixels, Metadata cards) throws IOException {
    writeBytes(CardCodec.formatHeader(imageHeader(-32, w, h, extname, cards)));
    long n = pixels.length;
    int per = CHUNK / 4;
    for (int at = 0; at < n; at += per) {
      int count = (int) Math.min(per, n - at);
      buffer.clear();
      buffer.asFloatBuffer().put(pixels, at, count);
      buffer.limit(count * 4);
      writeBuffer();
    }
    pad(n * 4);
  }

  /** A float32 IMAGE extension of three axes (NAXIS3 = {@code d} planes of {@code w x h}). */
  void writeFloatCube(String extname, int w, int h, int d, float[] pixels, Metadata cards) throws IOException {
    List<Card> header = imageHeader(-32, w, h, extname, cards);
    header.set(2, new Card("NAXIS", 3L, "number of array dimensions"));
    header.add(5, new Card("NAXIS3", (long) d, ""));
    writeBytes(CardCodec.formatHeader(header));
    long n = pixels.length;
    int per = CHUNK / 4;
    for (int at = 0; at < n; at += per) {
      int count = (int) Math.min(per, n - at);
      buffer.clear();
      buffer.asFloatBuffer().put(pixels, at, count);
      buffer.limit(count * 4);
      writeBuffer();
    }
    pad(n * 4);
  }

  /** An int32 IMAGE extension. */
  void writeIntImage(String extname, int w, int h, int[] pixels, Metadata cards) throws IOException {
    writeBytes(CardCodec.formatHeader(imageHeader(32, w, h, extname, cards)));
    long n = pixels.length;
    int per = CHUNK / 4;
    for (int at = 0; at < n; at += per) {
      int count = (int) Math.min(per, n - at);
      buffer.clear();
      buffer.asIntBuffer().put(pixels, at, count);
      buffer.limit(count * 4);
      writeBuffer();
    }
    pad(n * 4);
  }

  private static List<Card> imageHeader(int bitpix, int w, int h, String extname, Metadata cards) {
    List<Card> all = new ArrayList<>();
    all.add(new Card("XTENSION", "IMAGE", "image extension"));
    all.add(new Card("BITPIX", (long) bitpix, "array data type"));
    all.add(new Card("NAXIS", 2L, "number of array dimensions"));
    all.add(new Card("NAXIS1", (long) w, ""));
    all.add(new Card("NAXIS2", (long) h, ""));
    all.add(new Card("PCOUNT", 0L, "number of parameters"));
    all.add(new Card("GCOUNT", 1L, "number of groups"));
    all.add(new Card("EXTNAME", extname, "extension name"));
    all.addAll(cards.cards());
    return all;
  }

  /**
   * A tile-compressed image (one tile per row) of float ({@code float[]}) or int ({@code int[]}) pixels.
   *
   * @param quantize for float pixels: quantise with SUBTRACTIVE_DITHER_1 (RICE_1) instead of lossless
   */
  void writeCompressed(String extname, int w, int h, Object pixels, String algorithm, boolean quantize, int qlevel,
      int ditherSeed, Metadata cards) throws IOException {
    byte[] encoded;
    boolean isFloat = pixels instanceof float[];
    try {
      Object kernel;
      if (isFloat) {
        float[] p = (float[]) pixels;
        float[][] rows = new float[h][w];
        for (int y = 0; y < h; y++) {
          System.arraycopy(p, y * w, rows[y], 0, w);
          if (quantize) {
            /* Quantised integers cannot hold infinities: they become NaN (the ZBLANK null value). */
            for (int x = 0; x < w; x++) {
              if (Float.isInfinite(rows[y][x])) {
                rows[y][x] = Float.NaN;
              }
            }
          }
        }
        kernel = rows;
      } else {
        int[] p = (int[]) pixels;
        int[][] rows = new int[h][w];
        for (int y = 0; y < h; y++) {
          System.arraycopy(p, y * w, rows[y], 0, w);
        }
        kernel = rows;
      }
      ImageHDU image = (ImageHDU) Fits.makeHDU(kernel);
      CompressedImageHDU comp = CompressedImageHDU.fromImageHDU(image, w, 1);
      comp.setCompressAlgorithm(algorithm);
      if (isFloat && quantize) {
        comp.setQuantAlgorithm("SUBTRACTIVE_DITHER_1");
        comp.getCompressOption(QuantizeOption.class).setQlevel(qlevel).setSeed(ditherSeed).setCheckNull(true)
            .setNullValue(Double.NaN).setBNull(NULL_VALUE);
      }
      comp.compress();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      FitsOutputStream out = new FitsOutputStream(bytes);
      comp.write(out);
      out.flush();
      encoded = bytes.toByteArray();
    } catch (FitsException e) {
      throw new IllegalStateException("nom-tam-fits failed to compress " + extname + ": " + e.getMessage(), e);
    }

    /* Keep nom-tam's table and compression cards, drop its EXTNAME, add ours. */
    int end = CardCodec.findEnd(encoded, encoded.length);
    Defects ignored = new Defects("compressed " + extname);
    Metadata theirs = CardCodec.parse(encoded, end, "compressed " + extname, ignored);
    if (!isFloat && theirs.cards().stream().anyMatch(c -> "GZIP_COMPRESSED_DATA".equals(c.value()))) {
      /* nom-tam stored tiles that Rice could not shrink in a GZIP column, which cfitsio accepts only for floats:
         write this integer plane GZIP_2 instead. */
      writeCompressed(extname, w, h, pixels, "GZIP_2", false, qlevel, ditherSeed, cards);
      return;
    }
    long headerLength = FitsFile.roundUp(end + 80L);
    List<Card> all = new ArrayList<>();
    int znames = 0;
    for (Card c : theirs.cards()) {
      String k = c.key();
      if (k.equals("EXTNAME") || k.equals("ZQUANTIZ") || k.equals("ZDITHER0") || k.equals("ZEXTEND")) {
        continue;
      }
      if (k.startsWith("ZNAME")) {
        znames++;
      }
      if (k.equals("ZSIMPLE")) {
        /* nom-tam compresses a primary-style image and stamps the clock into this card's comment. */
        all.add(new Card("ZTENSION", "IMAGE", "image extension"));
        continue;
      }
      all.add(new Card(k, c.value(), c.comment().startsWith("Java FITS") ? "" : c.comment()));
    }
    if (isFloat && quantize) {
      /* cfitsio (astropy) reads the quantisation level from ZNAMEn = 'NOISEBIT'; without it, it takes the tiles
         for unquantised ones. */
      all.add(new Card("ZNAME" + (znames + 1), "NOISEBIT", "floating point quantization level"));
      all.add(new Card("ZVAL" + (znames + 1), (double) qlevel, "floating point quantization level"));
      all.add(new Card("ZQUANTIZ", "SUBTRACTIVE_DITHER_1", "quantization method"));
      all.add(new Card("ZDITHER0", (long) ditherSeed, "dither seed"));
    } else if (isFloat) {
      /* astropy trap: without ZQUANTIZ = 'NONE' it takes nom-tam's lossless floats for quantised ones. */
      all.add(new Card("ZQUANTIZ", "NONE", "lossless: no quantization"));
    }
    all.add(new Card("EXTNAME", extname, "extension name"));
    all.addAll(cards.cards());
    writeBytes(CardCodec.formatHeader(all));
    long dataLength = encoded.length - headerLength;
    buffer.clear();
    for (long at = headerLength; at < encoded.length; at += CHUNK) {
      int count = (int) Math.min(CHUNK, encoded.length - at);
      writeBytes(java.util.Arrays.copyOfRange(encoded, (int) at, (int) at + count));
    }
    pad(dataLength);
  }

  private void writeBytes(byte[] b) throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(b);
    while (bb.hasRemaining()) {
      channel.write(bb);
    }
  }

  private void writeBuffer() throws IOException {
    buffer.position(0);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  private void pad(long written) throws IOException {
    int rem = (int) (written % CardCodec.BLOCK);
    if (rem != 0) {
      writeBytes(new byte[CardCodec.BLOCK - rem]);
    }
  }

  /** Closes the temporary file and renames it onto the target (atomically where the file system can). */
  void commit() throws IOException {
    channel.close();
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    committed = true;
  }

  /** Deletes the temporary file unless committed. */
  @Override
  public void close() {
    if (!committed) {
      try {
        channel.close();
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        /* Best effort: the target was never touched. */
      }
    }
  }
}
