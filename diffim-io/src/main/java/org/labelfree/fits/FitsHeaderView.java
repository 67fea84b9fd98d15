package org.labelfree.fits;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import nom.tam.fits.Header;
import nom.tam.fits.HeaderCard;
import org.labelfree.image.InvalidDataException;
import org.labelfree.image.Metadata;

/**
 * One HDU's header as typed {@link Metadata}, with required accessors that throw {@link FitsFormatException} naming
 * the file, HDU index, EXTNAME and keyword, and optional ones.
 *
 * <p>Values are typed as FITS writes them: quoted text is a {@code String} (long strings continued with
 * {@code CONTINUE} are joined), {@code T}/{@code F} a {@code Boolean}, integers a {@code Long}, reals a {@code Double}
 * ({@code D} exponents are accepted: a tolerated defect, warned about once per file), a card with no value
 * {@code null}. {@code HIERARCH} keys keep their words separated by single spaces ({@code "ESO DET CHIP"}).
 * Keyword cards without a value indicator are kept as {@code COMMENT} cards holding the whole card text.
 *
 * <p>{@link #metadata()} leaves out structural keywords ({@link #isStructural(String)}); {@link #allCards()} has every
 * card. Immutable and thread-safe.
 */
public final class FitsHeaderView {
  private static final Set<String> STRUCTURAL = Set.of("SIMPLE", "XTENSION", "BITPIX", "NAXIS", "PCOUNT", "GCOUNT",
      "EXTEND", "GROUPS", "END", "BSCALE", "BZERO", "BLANK", "EXTNAME", "EXTVER", "EXTLEVEL", "INHERIT", "CHECKSUM",
      "DATASUM", "TFIELDS", "THEAP", "ZIMAGE", "ZTABLE", "ZCMPTYPE", "ZBITPIX", "ZNAXIS", "ZMASKCMP", "ZSIMPLE",
      "ZTENSION", "ZEXTEND", "ZBLOCKED", "ZPCOUNT", "ZGCOUNT", "ZHECKSUM", "ZDATASUM", "ZQUANTIZ", "ZDITHER0",
      "ZBLANK", "ZTHEAP", "ZTILELEN", "ZSCALE", "ZZERO", "LONGSTRN");
  private static final Pattern STRUCTURAL_INDEXED = Pattern.compile(
      "(NAXIS|ZNAXIS|ZTILE|ZNAME|ZVAL|ZFORM|ZCTYP|TFORM|TTYPE|TUNIT|TDIM|TNULL|TSCAL|TZERO|TDISP|TBCOL)\\d+");

  private final Metadata cards;
  private final String file;
  private final int hduIndex;
  private final String extname;

  FitsHeaderView(Metadata cards, String file, int hduIndex) {
    this.cards = Objects.requireNonNull(cards, "cards");
    this.file = Objects.requireNonNull(file, "file");
    this.hduIndex = hduIndex;
    this.extname = cards.optString("EXTNAME").orElse("");
  }

  /**
   * A view of a nom-tam header, converting each card with the same typing rules as this package's reader. Tolerated
   * defects (such as {@code D} exponents) are logged in one warning.
   *
   * @param header   the nom-tam header, not {@code null}
   * @param file     the file name used in messages
   * @param hduIndex the 0-based HDU index used in messages
   */
  public static FitsHeaderView of(Header header, String file, int hduIndex) {
    Objects.requireNonNull(header, "header");
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    var it = header.iterator();
    while (it.hasNext()) {
      HeaderCard card = it.next();
      String text = card.toString();
      raw.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }
    byte[] bytes = raw.toByteArray();
    Defects defects = new Defects(file);
    int end = CardCodec.findEnd(bytes, bytes.length);
    Metadata m = CardCodec.parse(bytes, end < 0 ? bytes.length - bytes.length % 80 : end,
        file + " HDU[" + hduIndex + "]", defects);
    defects.logOnce();
    return new FitsHeaderView(m, file, hduIndex);
  }

  /**
   * True for keywords that describe the file's structure rather than the data: SIMPLE, XTENSION, BITPIX, NAXISn,
   * PCOUNT, GCOUNT, EXTEND, BSCALE, BZERO, BLANK, EXTNAME, EXTVER, INHERIT, CHECKSUM, DATASUM, the table keywords
   * (TFIELDS, TFORMn, TTYPEn, ...) and the tile-compression keywords (ZIMAGE, ZCMPTYPE, ZBITPIX, ZNAXISn, ZTILEn,
   * ZQUANTIZ, ...).
   */
  public static boolean isStructural(String key) {
    String k = key.strip().toUpperCase(Locale.ROOT);
    return STRUCTURAL.contains(k) || STRUCTURAL_INDEXED.matcher(k).matches();
  }

  /** Every card of the header, in order, structural ones included. */
  public Metadata allCards() {
    return cards;
  }

  /** The cards that are not structural ({@link #isStructural(String)}), in order. */
  public Metadata metadata() {
    return cards.without(FitsHeaderView::isStructural);
  }

  /** The file name used in messages. */
  public String file() {
    return file;
  }

  /** The 0-based HDU index. */
  public int hduIndex() {
    return hduIndex;
  }

  /** The EXTNAME, or {@code ""} if none. */
  public String extname() {
    return extname;
  }

  /** Where this header is, for messages: {@code "x.fits HDU[2] (MASK)"}. */
  public String where() {
    return file + " HDU[" + hduIndex + "]" + (extname.isEmpty() ? "" : " (" + InvalidDataException.sanitize(extname)
        + ")");
  }

  /** True if a (non-commentary) card with this key exists. */
  public boolean contains(String key) {
    return cards.contains(key);
  }

  /** The value as a double (real or integer card, or a numeric string), if present. */
  public OptionalDouble optDouble(String key) {
    return cards.optDouble(key);
  }

  /** The value as a long (integer card, or an integral real), if present. */
  public OptionalLong optLong(String key) {
    return cards.optLong(key);
  }

  /** The value as text, if present (numbers and logicals rendered as text). */
  public Optional<String> optString(String key) {
    return cards.optString(key);
  }

  /** The logical value, if the card is present and logical. */
  public Optional<Boolean> optBoolean(String key) {
    return cards.optBoolean(key);
  }

  /**
   * The value as a double.
   *
   * @throws FitsFormatException if the card is missing or not a number
   */
  public double requireDouble(String key) {
    OptionalDouble v = cards.optDouble(key);
    if (v.isEmpty()) {
      throw missingOrWrong(key, "a number");
    }
    return v.getAsDouble();
  }

  /**
   * The value as a long.
   *
   * @throws FitsFormatException if the card is missing or not an integer
   */
  public long requireLong(String key) {
    OptionalLong v = cards.optLong(key);
    if (v.isEmpty()) {
      throw missingOrWrong(key, "an integer");
    }
    return v.getAsLong();
  }

  /**
   * The value as an int.
   *
   * @throws FitsFormatException if the card is missing, not an integer, or outside the int range
   */
  public int requireInt(String key) {
    long v = requireLong(key);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new FitsFormatException(where() + ": keyword " + key + " is " + v + "; expected a 32-bit integer");
    }
    return (int) v;
  }

  /**
   * The value as text.
   *
   * @throws FitsFormatException if the card is missing or has no value
   */
  public String requireString(String key) {
    Optional<String> v = cards.optString(key);
    if (v.isEmpty()) {
      throw missingOrWrong(key, "a string");
    }
    return v.get();
  }

  /**
   * The logical value.
   *
   * @throws FitsFormatException if the card is missing or not logical
   */
  public boolean requireBoolean(String key) {
    Optional<Boolean> v = cards.optBoolean(key);
    if (v.isEmpty()) {
      throw missingOrWrong(key, "T or F");
    }
    return v.get();
  }

  private FitsFormatException missingOrWrong(String key, String expected) {
    Optional<Object> raw = cards.value(key);
    if (!cards.contains(key)) {
      return new FitsFormatException(where() + ": keyword " + key + " is missing; expected " + expected);
    }
    return new FitsFormatException(where() + ": keyword " + key + " is '"
        + InvalidDataException.sanitize(String.valueOf(raw.orElse(null))) + "'; expected " + expected);
  }

  @Override
  public String toString() {
    return "FitsHeaderView[" + where() + ", " + cards.size() + " cards]";
  }
}
