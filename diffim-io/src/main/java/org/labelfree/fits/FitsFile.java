package org.labelfree.fits;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import nom.tam.fits.Header;
import nom.tam.fits.ImageHDU;
import nom.tam.image.compression.hdu.CompressedImageData;
import nom.tam.image.compression.hdu.CompressedImageHDU;
import nom.tam.util.FitsInputStream;
import org.labelfree.image.InvalidDataException;
import org.labelfree.image.Metadata;

/**
 * An open FITS file: the HDU layout found by one scan of the headers, and fast readers of image data. The scan checks
 * "is this FITS at all?" first, then each header (END present, BITPIX, NAXISn) and that each data segment lies inside
 * the file; missing end-of-file padding and trailing bytes after the last HDU are tolerated defects (one warning per
 * file, at {@link #close()}).
 *
 * <p>Uncompressed data are read with positional {@link FileChannel} reads into direct big-endian buffers and bulk
 * converted, in parallel chunks. Tile-compressed images are decoded by nom-tam-fits. Not thread-safe to open/close;
 * the read methods may run concurrently.
 */
final class FitsFile implements AutoCloseable {
  private static final int BLOCK = CardCodec.BLOCK;
  private static final int CHUNK = 1 << 22;
  static {
    NomTamLogging.quiet();
  }
  private static final ThreadLocal<ByteBuffer> BUFFERS =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.BIG_ENDIAN));

  /** One HDU: where its header and data lie, and what they are. */
  record Hdu(int index, long headerOffset, long dataOffset, long dataBytes, FitsHeaderView header, HduKind kind,
      int bitpix, long[] axes) {

    String where() {
      return header.where();
    }

    String extname() {
      return header.extname();
    }

    /** Pixel BITPIX of the image (ZBITPIX for compressed images). */
    int imageBitpix() {
      return kind == HduKind.COMPRESSED_IMAGE ? (int) header.optLong("ZBITPIX").orElse(0) : bitpix;
    }

    /** Image axes (ZNAXISn for compressed images). */
    long[] imageAxes() {
      if (kind != HduKind.COMPRESSED_IMAGE) {
        return axes.clone();
      }
      int n = (int) header.optLong("ZNAXIS").orElse(0);
      long[] a = new long[Math.max(n, 0)];
      for (int i = 0; i < a.length; i++) {
        a[i] = header.optLong("ZNAXIS" + (i + 1)).orElse(0);
      }
      return a;
    }

    boolean hasImage() {
      return (kind == HduKind.IMAGE || kind == HduKind.COMPRESSED_IMAGE) && imageAxes().length > 0;
    }
  }

  private final Path path;
  private final String name;
  private final FileChannel channel;
  private final long size;
  private final Defects defects;
  private final List<Hdu> hdus;

  private FitsFile(Path path, FileChannel channel, Defects defects) throws IOException {
    this.path = path;
    this.name = path.toString();
    this.channel = channel;
    this.size = channel.size();
    this.defects = defects;
    this.hdus = List.copyOf(scan());
  }

  /**
   * Opens and scans a file.
   *
   * @throws FitsFormatException if it is not FITS, or a header is malformed, or data are truncated
   * @throws UncheckedIOException if it cannot be read
   */
  static FitsFile open(Path path) {
    FileChannel ch;
    try {
      ch = FileChannel.open(path, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("FITS file not found: " + path, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open FITS file " + path, e);
    }
    try {
      return new FitsFile(path, ch, new Defects(path.toString()));
    } catch (IOException e) {
      closeQuietly(ch);
      throw new UncheckedIOException("cannot read FITS file " + path, e);
    } catch (RuntimeException e) {
      closeQuietly(ch);
      throw e;
    }
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      /* Nothing to do: the file was only read. */
    }
  }

  String name() {
    return name;
  }

  Path path() {
    return path;
  }

  Defects defects() {
    return defects;
  }

  List<Hdu> hdus() {
    return hdus;
  }

  @Override
  public void close() {
    defects.logOnce();
    closeQuietly(channel);
  }

  /* ---------------------------------------------------------------------------------------------------- scan */

  private List<Hdu> scan() throws IOException {
    /* Is this my format at all? The first card must be SIMPLE = T. */
    byte[] first = new byte[(int) Math.min(80, size)];
    readFully(ByteBuffer.wrap(first), 0);
    String head = new String(first, StandardCharsets.ISO_8859_1);
    if (first.length < 30 || !head.startsWith("SIMPLE  =") || head.charAt(29) != 'T') {
      throw new FitsFormatException(name + ": not a FITS file: the first card must be 'SIMPLE  =                    T'"
          + "; found '" + InvalidDataException.sanitize(head.length() > 30 ? head.substring(0, 30) : head) + "'");
    }
    List<Hdu> list = new ArrayList<>();
    long pos = 0;
    while (pos < size) {
      int index = list.size();
      if (index > 0) {
        byte[] probe = new byte[(int) Math.min(9, size - pos)];
        readFully(ByteBuffer.wrap(probe), pos);
        if (!new String(probe, StandardCharsets.ISO_8859_1).equals("XTENSION=")) {
          defects.add((size - pos) + " bytes after the last HDU (HDU[" + (index - 1) + "]) ignored");
          break;
        }
      }
      Hdu hdu = readHdu(index, pos);
      list.add(hdu);
      long dataEnd = hdu.dataOffset + hdu.dataBytes;
      if (dataEnd > size) {
        throw new FitsFormatException(hdu.where() + ": data truncated: " + hdu.dataBytes + " bytes expected from byte "
            + hdu.dataOffset + ", but the file ends at byte " + size);
      }
      long padded = roundUp(dataEnd);
      if (padded > size) {
        defects.add("missing end-of-file padding after HDU[" + index + "] (" + (padded - size) + " bytes short)");
      }
      pos = padded;
    }
    return list;
  }

  private Hdu readHdu(int index, long start) throws IOException {
    String where = name + " HDU[" + index + "]";
    byte[] buf = new byte[BLOCK];
    int length = 0;
    int endAt = -1;
    long hpos = start;
    while (endAt < 0) {
      int n = (int) Math.min(BLOCK, size - hpos);
      if (n <= 0) {
        throw new FitsFormatException(where + ": header has no END card before the end of the file at byte " + size);
      }
      if (length + BLOCK > buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      readFully(ByteBuffer.wrap(buf, length, n), hpos);
      int from = length - length % 80;
      length += n;
      hpos += n;
      int e = CardCodec.findEnd(Arrays.copyOfRange(buf, from, length), length - from);
      if (e >= 0) {
        endAt = from + e;
      } else if (n < BLOCK) {
        throw new FitsFormatException(where + ": header has no END card before the end of the file at byte " + size);
      }
    }
    if (length % BLOCK != 0) {
      defects.add("missing padding after the header of HDU[" + index + "]");
    }
    Metadata cards = CardCodec.parse(buf, endAt, where, defects);
    FitsHeaderView view = new FitsHeaderView(cards, name, index);

    /* Structure: BITPIX, NAXIS, NAXISn, PCOUNT, GCOUNT give the size of the data segment. */
    if (index > 0 && !view.contains("XTENSION")) {
      throw new FitsFormatException(view.where() + ": keyword XTENSION is missing; expected it first in an extension");
    }
    int bitpix = view.requireInt("BITPIX");
    if (bitpix != 8 && bitpix != 16 && bitpix != 32 && bitpix != 64 && bitpix != -32 && bitpix != -64) {
      throw new FitsFormatException(view.where() + ": BITPIX is " + bitpix + "; expected 8, 16, 32, 64, -32 or -64");
    }
    int naxis = view.requireInt("NAXIS");
    if (naxis < 0 || naxis > 999) {
      throw new FitsFormatException(view.where() + ": NAXIS is " + naxis + "; expected 0-999");
    }
    long[] axes = new long[naxis];
    for (int i = 0; i < naxis; i++) {
      axes[i] = view.requireLong("NAXIS" + (i + 1));
      if (axes[i] < 0) {
        throw new FitsFormatException(view.where() + ": NAXIS" + (i + 1) + " is " + axes[i] + "; expected >= 0");
      }
    }
    long pcount = view.optLong("PCOUNT").orElse(0);
    long gcount = view.optLong("GCOUNT").orElse(1);
    if (pcount < 0 || gcount < 0) {
      throw new FitsFormatException(view.where() + ": PCOUNT/GCOUNT are " + pcount + "/" + gcount
          + "; expected >= 0");
    }
    boolean groups = index == 0 && naxis > 0 && axes[0] == 0 && view.optBoolean("GROUPS").orElse(false);
    long dataBytes = 0;
    if (naxis > 0) {
      long prod = 1;
      for (int i = groups ? 1 : 0; i < naxis; i++) {
        prod = Math.multiplyExact(prod, axes[i]);
      }
      dataBytes = Math.multiplyExact(Math.abs(bitpix) / 8L, Math.multiplyExact(gcount, pcount + prod));
    }
    HduKind kind;
    if (index == 0) {
      kind = groups ? HduKind.RANDOM_GROUPS : naxis == 0 ? HduKind.PRIMARY : HduKind.IMAGE;
    } else {
      String x = view.optString("XTENSION").orElse("").toUpperCase(Locale.ROOT);
      kind = switch (x) {
        case "IMAGE", "IUEIMAGE" -> naxis == 0 ? HduKind.EMPTY_EXTENSION : HduKind.IMAGE;
        case "BINTABLE", "A3DTABLE" -> view.optBoolean("ZIMAGE").orElse(false) ? HduKind.COMPRESSED_IMAGE
            : HduKind.BINTABLE;
        case "TABLE" -> HduKind.ASCII_TABLE;
        default -> HduKind.UNKNOWN;
      };
    }
    return new Hdu(index, start, start + roundUp(length), dataBytes, view, kind, bitpix, axes);
  }

  static long roundUp(long n) {
    return (n + BLOCK - 1) / BLOCK * BLOCK;
  }

  private void readFully(ByteBuffer dst, long position) throws IOException {
    long p = position;
    while (dst.hasRemaining()) {
      int n = channel.read(dst, p);
      if (n < 0) {
        throw new FitsFormatException(name + ": unexpected end of file at byte " + p
            + " (the file shrank while read?)");
      }
      p += n;
    }
  }

  /* --------------------------------------------------------------------------------------------------- select */

  /**
   * The HDU a selector names.
   *
   * @throws FitsFormatException if the index is out of range or no HDU has the name
   */
  Hdu select(HduSelector selector) {
    if (selector instanceof HduSelector.Index i) {
      if (i.index() >= hdus.size()) {
        throw new FitsFormatException(name + ": HDU[" + i.index() + "] requested, but the file has " + hdus.size()
            + " HDUs (indices 0-" + (hdus.size() - 1) + ")");
      }
      return hdus.get(i.index());
    }
    if (selector instanceof HduSelector.Name n) {
      return findByName(n.extname(), n.extver()).orElseThrow(() -> new FitsFormatException(name
          + ": no HDU with EXTNAME '" + InvalidDataException.sanitize(n.extname()) + "'"
          + (n.extver() > 0 ? " and EXTVER " + n.extver() : "") + "; the file has " + describe()));
    }
    return hdus.stream().filter(Hdu::hasImage).findFirst()
        .orElseThrow(() -> new FitsFormatException(name + ": no HDU with image data; the file has " + describe()));
  }

  java.util.Optional<Hdu> findByName(String extname, int extver) {
    for (Hdu h : hdus) {
      if (h.extname().equalsIgnoreCase(extname)
          && (extver <= 0 || h.header.optLong("EXTVER").orElse(1) == extver)) {
        return java.util.Optional.of(h);
      }
    }
    return java.util.Optional.empty();
  }

  /** A short list of the HDUs for messages: {@code "[0] PRIMARY, [1] IMAGE 'IMAGE', ..."}. */
  String describe() {
    return hdus.stream().map(h -> "[" + h.index + "] " + h.kind + (h.extname().isEmpty() ? ""
        : " '" + InvalidDataException.sanitize(h.extname()) + "'")).collect(Collectors.joining(", "));
  }

  /* ----------------------------------------------------------------------------------------------------- read */

  /** Width and height of a 2-D image HDU (further axes must be 1). */
  int[] imageSize(Hdu h) {
    long[] a = h.imageAxes();
    if (a.length < 2) {
      throw new FitsFormatException(h.where() + ": NAXIS is " + a.length + "; expected a 2-D image");
    }
    for (int i = 2; i < a.length; i++) {
      if (a[i] != 1) {
        throw new FitsFormatException(h.where() + ": NAXIS" + (i + 1) + " is " + a[i]
            + "; expected a 2-D image (extra axes of length 1)");
      }
    }
    if (a[0] <= 0 || a[1] <= 0 || a[0] * a[1] > Integer.MAX_VALUE - 8) {
      throw new FitsFormatException(h.where() + ": image size " + a[0] + "x" + a[1]
          + " is empty or larger than 2^31 pixels");
    }
    return new int[] {(int) a[0], (int) a[1]};
  }

  /**
   * Reads an image HDU (plain or compressed) as float: BSCALE/BZERO applied, BLANK and NaN pixels as NaN.
   */
  float[] readFloats(Hdu h) {
    int[] wh = imageSize(h);
    int n = wh[0] * wh[1];
    if (h.kind == HduKind.COMPRESSED_IMAGE) {
      return toFloats(h, decompress(h), n);
    }
    return readPlain(h, n);
  }

  /**
   * Width, height and depth of an uncompressed image HDU of two or three axes (a missing NAXIS3 is depth 1).
   */
  int[] cubeSize(Hdu h) {
    long[] a = h.imageAxes();
    if (h.kind == HduKind.COMPRESSED_IMAGE || a.length < 2 || a.length > 3) {
      throw new FitsFormatException(h.where() + ": " + h.kind + " with NAXIS " + a.length
          + "; expected an uncompressed image of 2 or 3 axes");
    }
    long d = a.length == 3 ? a[2] : 1;
    if (a[0] <= 0 || a[1] <= 0 || d <= 0 || a[0] * a[1] * d > Integer.MAX_VALUE - 8) {
      throw new FitsFormatException(h.where() + ": image size " + a[0] + "x" + a[1] + "x" + d
          + " is empty or larger than 2^31 pixels");
    }
    return new int[] {(int) a[0], (int) a[1], (int) d};
  }

  /** Reads an uncompressed image HDU of two or three axes as float (see {@link #readFloats}), planes in order. */
  float[] readFloatCube(Hdu h) {
    int[] whd = cubeSize(h);
    return readPlain(h, whd[0] * whd[1] * whd[2]);
  }

  private float[] readPlain(Hdu h, int n) {
    double bscale = h.header.optDouble("BSCALE").orElse(1.0);
    double bzero = h.header.optDouble("BZERO").orElse(0.0);
    boolean scaled = bscale != 1.0 || bzero != 0.0;
    var blankOpt = h.header.optLong("BLANK");
    boolean hasBlank = blankOpt.isPresent() && h.bitpix > 0;
    long blank = blankOpt.orElse(0);
    float[] out = new float[n];
    int bytesPer = Math.abs(h.bitpix) / 8;
    readChunks(h, (long) n * bytesPer, bytesPer, (buf, at, count) -> {
      switch (h.bitpix) {
        case -32 -> {
          buf.asFloatBuffer().get(out, at, count);
          if (scaled) {
            for (int i = at; i < at + count; i++) {
              out[i] = (float) (bzero + bscale * out[i]);
            }
          }
        }
        case -64 -> {
          var db = buf.asDoubleBuffer();
          for (int i = 0; i < count; i++) {
            out[at + i] = (float) (bzero + bscale * db.get(i));
          }
        }
        case 8 -> {
          for (int i = 0; i < count; i++) {
            int raw = buf.get(i) & 0xff;
            out[at + i] = hasBlank && raw == blank ? Float.NaN : (float) (bzero + bscale * raw);
          }
        }
        case 16 -> {
          var sb = buf.asShortBuffer();
          for (int i = 0; i < count; i++) {
            short raw = sb.get(i);
            out[at + i] = hasBlank && raw == blank ? Float.NaN : (float) (bzero + bscale * raw);
          }
        }
        case 32 -> {
          var ib = buf.asIntBuffer();
          for (int i = 0; i < count; i++) {
            int raw = ib.get(i);
            out[at + i] = hasBlank && raw == blank ? Float.NaN : (float) (bzero + bscale * raw);
          }
        }
        case 64 -> {
          var lb = buf.asLongBuffer();
          for (int i = 0; i < count; i++) {
            long raw = lb.get(i);
            out[at + i] = hasBlank && raw == blank ? Float.NaN : (float) (bzero + bscale * raw);
          }
        }
        default -> throw new IllegalStateException("BITPIX " + h.bitpix);
      }
    });
    return out;
  }

  /** Reads a BITPIX 32 image HDU (plain or compressed) as int, no scaling. */
  int[] readInts(Hdu h) {
    int[] wh = imageSize(h);
    int n = wh[0] * wh[1];
    if (h.kind == HduKind.COMPRESSED_IMAGE) {
      Object k = decompress(h);
      if (!(k instanceof int[][] rows)) {
        throw new FitsFormatException(h.where() + ": compressed data decode to " + k.getClass().getSimpleName()
            + "; expected int32 rows");
      }
      int[] out = new int[n];
      for (int y = 0; y < rows.length; y++) {
        System.arraycopy(rows[y], 0, out, y * wh[0], wh[0]);
      }
      return out;
    }
    if (h.bitpix != 32) {
      throw new FitsFormatException(h.where() + ": BITPIX is " + h.bitpix + "; expected 32");
    }
    int[] out = new int[n];
    readChunks(h, (long) n * 4, 4, (buf, at, count) -> buf.asIntBuffer().get(out, at, count));
    return out;
  }

  @FunctionalInterface
  private interface ChunkSink {
    void accept(ByteBuffer buf, int firstElement, int count);
  }

  /** Reads {@code nbytes} of an HDU's data in parallel chunks of whole elements, handing each to {@code sink}. */
  private void readChunks(Hdu h, long nbytes, int bytesPer, ChunkSink sink) {
    int perChunk = CHUNK / bytesPer;
    long nElements = nbytes / bytesPer;
    int nChunks = (int) ((nElements + perChunk - 1) / perChunk);
    IntStream.range(0, nChunks).parallel().forEach(c -> {
      long first = (long) c * perChunk;
      int count = (int) Math.min(perChunk, nElements - first);
      ByteBuffer buf = BUFFERS.get();
      buf.clear().limit(count * bytesPer);
      try {
        readFully(buf, h.dataOffset + first * bytesPer);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + h.where(), e);
      }
      buf.flip();
      sink.accept(buf, (int) first, count);
    });
  }

  /** Decodes a tile-compressed image HDU with nom-tam-fits; returns its 2-D kernel array (rows of pixels). */
  Object decompress(Hdu h) {
    try {
      int headerBytes = (int) (h.dataOffset - h.headerOffset);
      byte[] hb = new byte[headerBytes];
      readFully(ByteBuffer.wrap(hb), h.headerOffset);
      if (h.dataBytes > Integer.MAX_VALUE - 8) {
        throw new FitsFormatException(h.where() + ": compressed data of " + h.dataBytes + " bytes; at most 2 GiB read");
      }
      byte[] db = new byte[(int) roundUp(h.dataBytes)];
      int avail = (int) Math.min(db.length, size - h.dataOffset);
      readFully(ByteBuffer.wrap(db, 0, avail), h.dataOffset);
      Header header = Header.readHeader(new FitsInputStream(new ByteArrayInputStream(hb)));
      /* nom-tam trap: a lossless float image without a ZSCALE column (astropy's GZIP_2 output) decodes to zeros
         while ZQUANTIZ is present. */
      if (header.containsKey("ZQUANTIZ") && !hasColumn(h, "ZSCALE")) {
        header.deleteKey("ZQUANTIZ");
      }
      /* nom-tam trap: with a ZBLANK keyword (cfitsio's nulls of quantised floats, no ZBLANK column) it marks the
         wrong pixels as NaN. Decode without it and find the nulls from each tile's ZZERO/ZSCALE below. */
      boolean ownNulls = header.containsKey("ZBLANK") && !hasColumn(h, "ZBLANK") && hasColumn(h, "ZSCALE")
          && h.imageBitpix() < 0;
      if (ownNulls) {
        header.deleteKey("ZBLANK");
      }
      CompressedImageData data = CompressedImageHDU.manufactureData(header);
      data.read(new FitsInputStream(new ByteArrayInputStream(db)));
      ImageHDU image = new CompressedImageHDU(header, data).asImageHDU();
      Object kernel = image.getKernel();
      if (!(kernel instanceof Object[] rows) || rows.length == 0 || rows[0].getClass().getComponentType() == null
          || rows[0].getClass().getComponentType().isArray()) {
        throw new FitsFormatException(h.where() + ": compressed image does not decode to a 2-D array");
      }
      if (ownNulls) {
        restoreNulls(h, data, (Object[]) kernel);
      }
      return kernel;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + h.where(), e);
    } catch (RuntimeException e) {
      if (e instanceof FitsFormatException f) {
        throw f;
      }
      throw new FitsFormatException(h.where() + ": cannot decode the tile-compressed image: "
          + InvalidDataException.sanitize(String.valueOf(e.getMessage())), e);
    }
  }

  /**
   * Sets NaN where a quantised float tile held cfitsio's null integer (-2147483647): such pixels decode to about
   * {@code ZZERO - 2147483647 ZSCALE}, below any valid value (valid integers stay above -2147483637). Values within
   * ~100 quantisation steps of that bound would be taken for nulls after float32 rounding; cfitsio never quantises
   * data that close to it.
   */
  private static void restoreNulls(Hdu h, CompressedImageData data, Object[] rows) throws nom.tam.fits.FitsException {
    double[] zscale = doubles(data.getColumn(data.indexOf("ZSCALE")));
    double[] zzero = data.indexOf("ZZERO") >= 0 ? doubles(data.getColumn(data.indexOf("ZZERO")))
        : new double[zscale.length];
    long[] axes = h.imageAxes();
    int w = (int) axes[0];
    int t1 = (int) h.header().optLong("ZTILE1").orElse(w);
    int t2 = (int) h.header().optLong("ZTILE2").orElse(1);
    int tilesX = (w + t1 - 1) / t1;
    for (int y = 0; y < rows.length; y++) {
      for (int x = 0; x < w; x++) {
        int tile = (y / t2) * tilesX + x / t1;
        if (tile >= zscale.length) {
          continue;
        }
        double threshold = zzero[tile] + zscale[tile] * -2147483640.0;
        if (rows[y] instanceof double[] d && d[x] <= threshold) {
          d[x] = Double.NaN;
        } else if (rows[y] instanceof float[] f && f[x] <= (float) threshold) {
          f[x] = Float.NaN;
        }
      }
    }
  }

  private static double[] doubles(Object column) {
    if (column instanceof double[] d) {
      return d;
    }
    if (column instanceof double[][] dd) {
      double[] out = new double[dd.length];
      for (int i = 0; i < dd.length; i++) {
        out[i] = dd[i].length > 0 ? dd[i][0] : 0;
      }
      return out;
    }
    if (column instanceof float[] f) {
      double[] out = new double[f.length];
      for (int i = 0; i < f.length; i++) {
        out[i] = f[i];
      }
      return out;
    }
    throw new IllegalStateException("unexpected ZSCALE column type " + column.getClass().getSimpleName());
  }

  private static boolean hasColumn(Hdu h, String column) {
    int n = (int) h.header.optLong("TFIELDS").orElse(0);
    for (int i = 1; i <= n; i++) {
      if (h.header.optString("TTYPE" + i).orElse("").equalsIgnoreCase(column)) {
        return true;
      }
    }
    return false;
  }

  /** Flattens a decoded compressed kernel to float, applying BSCALE/BZERO and BLANK to integer data. */
  private static float[] toFloats(Hdu h, Object kernel, int n) {
    Object[] rows = (Object[]) kernel;
    float[] out = new float[n];
    int w = n / rows.length;
    double bscale = h.header.optDouble("BSCALE").orElse(1.0);
    double bzero = h.header.optDouble("BZERO").orElse(0.0);
    var blankOpt = h.header.optLong("BLANK");
    for (int y = 0; y < rows.length; y++) {
      Object row = rows[y];
      int o = y * w;
      if (row instanceof float[] f) {
        System.arraycopy(f, 0, out, o, w);
      } else if (row instanceof double[] d) {
        for (int x = 0; x < w; x++) {
          out[o + x] = (float) d[x];
        }
      } else {
        for (int x = 0; x < w; x++) {
          long raw;
          if (row instanceof int[] a) {
            raw = a[x];
          } else if (row instanceof short[] a) {
            raw = a[x];
          } else if (row instanceof byte[] a) {
            raw = a[x] & 0xff;
          } else if (row instanceof long[] a) {
            raw = a[x];
          } else {
            throw new FitsFormatException(h.where() + ": unsupported decoded pixel type "
                + row.getClass().getSimpleName());
          }
          out[o + x] = blankOpt.isPresent() && raw == blankOpt.getAsLong() ? Float.NaN
              : (float) (bzero + bscale * raw);
        }
      }
    }
    return out;
  }
}
