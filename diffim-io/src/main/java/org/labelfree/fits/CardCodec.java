package org.labelfree.fits;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.labelfree.image.InvalidDataException;
import org.labelfree.image.Metadata;
import org.labelfree.image.Metadata.Card;

/**
 * Parses and formats FITS header cards (80-character records): typed values, {@code D} exponents, {@code HIERARCH}
 * keys, long strings continued with {@code CONTINUE} (the OGIP convention), commentary cards. Stateless.
 */
final class CardCodec {
  static final int CARD = 80;
  static final int BLOCK = 2880;

  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
  private static final Pattern REAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([EeDd][+-]?\\d+)?");
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Z0-9_-]{1,8}");

  private CardCodec() {}

  /** Index of the END card in {@code header} (a multiple of 80), or -1 if none is in the first {@code length} bytes. */
  static int findEnd(byte[] header, int length) {
    for (int p = 0; p + CARD <= length; p += CARD) {
      if (header[p] == 'E' && header[p + 1] == 'N' && header[p + 2] == 'D') {
        boolean blank = true;
        for (int i = 3; i < 8; i++) {
          blank &= header[p + i] == ' ';
        }
        if (blank) {
          return p;
        }
      }
    }
    return -1;
  }

  /**
   * Parses the cards before END.
   *
   * @param header  the header bytes
   * @param endAt   offset of the END card
   * @param where   the file and HDU, for messages
   * @param defects where tolerated defects go
   */
  static Metadata parse(byte[] header, int endAt, String where, Defects defects) {
    Metadata.Builder b = Metadata.builder();
    List<String> seenKeys = new ArrayList<>();
    String pendingKey = null;
    StringBuilder pendingValue = null;
    String pendingComment = null;
    for (int p = 0; p < endAt; p += CARD) {
      String card = new String(header, p, CARD, StandardCharsets.ISO_8859_1);
      String key = card.substring(0, 8).strip().toUpperCase(Locale.ROOT);
      boolean hasValue = card.startsWith("= ", 8);

      /* A CONTINUE card extends the previous long string; anything else ends it. */
      if (key.equals("CONTINUE") && !hasValue) {
        if (pendingKey != null) {
          Parsed v = parseValue(card.substring(8), where, key, defects);
          if (v.value instanceof String s) {
            appendLong(pendingValue, s);
            if (!v.comment.isEmpty()) {
              pendingComment = pendingComment.isEmpty() ? v.comment : pendingComment + " " + v.comment;
            }
            if (!s.endsWith("&")) {
              b.add(new Card(pendingKey, pendingValue.toString(), pendingComment));
              pendingKey = null;
            }
            continue;
          }
        }
        defects.add(where + ": CONTINUE card without a long string before it, kept as COMMENT");
        b.add(new Card("COMMENT", null, card.stripTrailing()));
        continue;
      }
      if (pendingKey != null) {
        b.add(new Card(pendingKey, stripAmpersand(pendingValue.toString()), pendingComment));
        pendingKey = null;
      }

      /* HIERARCH keys carry their name before the '='. */
      String valueText = null;
      if (key.equals("HIERARCH")) {
        int eq = card.indexOf('=', 8);
        if (eq > 0) {
          key = card.substring(9, eq).strip().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
          valueText = card.substring(eq + 1);
        }
      } else if (hasValue) {
        valueText = card.substring(10);
      }
      if (valueText == null || key.isEmpty()) {
        /* Commentary (COMMENT, HISTORY, blank) and keyword cards with no value (ESO-LOG ...). */
        if (key.equals("COMMENT") || key.equals("HISTORY") || key.isEmpty()) {
          b.add(new Card(key, null, card.substring(8).stripTrailing()));
        } else {
          b.add(new Card("COMMENT", null, card.stripTrailing()));
        }
        continue;
      }
      Parsed v = parseValue(valueText, where, key, defects);
      if (seenKeys.contains(key)) {
        defects.add(where + ": duplicate keyword " + InvalidDataException.sanitize(key) + " (last one kept)");
      }
      seenKeys.add(key);
      if (v.value instanceof String s && s.endsWith("&")) {
        pendingKey = key;
        pendingValue = new StringBuilder();
        appendLong(pendingValue, s);
        pendingComment = v.comment;
        continue;
      }
      b.add(new Card(key, v.value, v.comment));
    }
    if (pendingKey != null) {
      b.add(new Card(pendingKey, stripAmpersand(pendingValue.toString()), pendingComment));
    }
    return b.build();
  }

  private static void appendLong(StringBuilder sb, String piece) {
    if (sb.length() > 0 && sb.charAt(sb.length() - 1) == '&') {
      sb.setLength(sb.length() - 1);
    }
    sb.append(piece);
  }

  private static String stripAmpersand(String s) {
    return s.endsWith("&") ? s.substring(0, s.length() - 1) : s;
  }

  private record Parsed(Object value, String comment) {}

  /** Parses a value field (everything after the value indicator) into a typed value and a comment. */
  private static Parsed parseValue(String text, String where, String key, Defects defects) {
    int i = 0;
    int n = text.length();
    while (i < n && text.charAt(i) == ' ') {
      i++;
    }
    if (i < n && text.charAt(i) == '\'') {
      StringBuilder sb = new StringBuilder();
      int j = i + 1;
      boolean closed = false;
      while (j < n) {
        char c = text.charAt(j);
        if (c == '\'') {
          if (j + 1 < n && text.charAt(j + 1) == '\'') {
            sb.append('\'');
            j += 2;
            continue;
          }
          closed = true;
          j++;
          break;
        }
        sb.append(c);
        j++;
      }
      if (!closed) {
        defects.add(where + ": keyword " + InvalidDataException.sanitize(key) + " has an unclosed string quote");
      }
      String comment = "";
      int slash = text.indexOf('/', j);
      if (slash >= 0) {
        comment = text.substring(slash + 1).strip();
      }
      return new Parsed(stripTrailingSpaces(sb.toString()), comment);
    }
    String rest = text.substring(i);
    String comment = "";
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      comment = rest.substring(slash + 1).strip();
      rest = rest.substring(0, slash);
    }
    String token = rest.strip();
    if (token.isEmpty()) {
      return new Parsed(null, comment);
    }
    if (token.equals("T") || token.equals("F")) {
      return new Parsed(token.equals("T"), comment);
    }
    if (INTEGER.matcher(token).matches()) {
      try {
        return new Parsed(Long.parseLong(token.startsWith("+") ? token.substring(1) : token), comment);
      } catch (NumberFormatException e) {
        return new Parsed(Double.parseDouble(token), comment);
      }
    }
    if (REAL.matcher(token).matches()) {
      if (token.indexOf('D') >= 0 || token.indexOf('d') >= 0) {
        defects.add(where + ": D exponent in keyword " + InvalidDataException.sanitize(key));
        token = token.replace('D', 'E').replace('d', 'e');
      }
      return new Parsed(Double.parseDouble(token), comment);
    }
    if (token.startsWith("(") && token.endsWith(")")) {
      return new Parsed(token, comment);
    }
    defects.add(where + ": keyword " + InvalidDataException.sanitize(key) + " has an unparsable value '"
        + InvalidDataException.sanitize(token) + "', kept as text");
    return new Parsed(token, comment);
  }

  private static String stripTrailingSpaces(String s) {
    int e = s.length();
    while (e > 0 && s.charAt(e - 1) == ' ') {
      e--;
    }
    return s.substring(0, e);
  }

  /* ------------------------------------------------------------------------------------------------ formatting */

  /** Formats cards, appends END and pads with blanks to a multiple of 2880 bytes. */
  static byte[] formatHeader(List<Card> cards) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Card c : cards) {
      for (String line : format(c)) {
        out.writeBytes(line.getBytes(StandardCharsets.US_ASCII));
      }
    }
    out.writeBytes(pad("END").getBytes(StandardCharsets.US_ASCII));
    int rem = out.size() % BLOCK;
    if (rem != 0) {
      out.writeBytes(" ".repeat(BLOCK - rem).getBytes(StandardCharsets.US_ASCII));
    }
    return out.toByteArray();
  }

  /** The 80-character card(s) of one card: more than one for commentary text or strings that need CONTINUE. */
  static List<String> format(Card c) {
    List<String> lines = new ArrayList<>();
    String key = ascii(c.key());
    if (c.isCommentary()) {
      String text = ascii(c.comment());
      do {
        int len = Math.min(72, text.length());
        lines.add(pad(padKey(key) + text.substring(0, len)));
        text = text.substring(len);
      } while (!text.isEmpty());
      return lines;
    }
    boolean hierarch = !PLAIN_KEY.matcher(key).matches();
    String prefix = hierarch ? "HIERARCH " + key + " = " : padKey(key) + "= ";
    String comment = ascii(c.comment());
    Object v = c.value();
    if (v instanceof String s) {
      String quoted = quote(ascii(s));
      if (prefix.length() + quoted.length() <= CARD) {
        lines.add(withComment(prefix + quoted, comment));
        return lines;
      }
      /* Long string: pieces ending in '&', continued on CONTINUE cards (OGIP 1.0 convention). */
      String rest = ascii(s);
      String head = prefix;
      while (true) {
        int room = CARD - head.length() - 2;
        String piece = fitPiece(rest, room - 1);
        boolean last = piece.length() == rest.length() && quote(rest).length() <= CARD - head.length();
        if (last) {
          lines.add(withComment(head + quote(rest), comment));
          break;
        }
        lines.add(pad(head + "'" + piece.replace("'", "''") + "&'"));
        rest = rest.substring(piece.length());
        head = "CONTINUE  ";
      }
      return lines;
    }
    String value;
    if (v == null) {
      value = "";
    } else if (v instanceof Boolean bool) {
      value = rightJustify(bool ? "T" : "F");
    } else if (v instanceof Long l) {
      value = rightJustify(Long.toString(l));
    } else {
      double d = (Double) v;
      value = Double.isFinite(d) ? rightJustify(Double.toString(d)) : "";
      if (!Double.isFinite(d)) {
        comment = (Double.isNaN(d) ? "NaN" : d > 0 ? "+Inf" : "-Inf") + (comment.isEmpty() ? "" : " " + comment);
      }
    }
    lines.add(withComment(prefix + value, comment));
    return lines;
  }

  /** The longest prefix of {@code s} whose escaped form has at most {@code room} characters. */
  private static String fitPiece(String s, int room) {
    int used = 0;
    int i = 0;
    while (i < s.length()) {
      int w = s.charAt(i) == '\'' ? 2 : 1;
      if (used + w > room) {
        break;
      }
      used += w;
      i++;
    }
    return s.substring(0, i);
  }

  private static String rightJustify(String value) {
    return value.length() >= 20 ? value : " ".repeat(20 - value.length()) + value;
  }

  private static String quote(String s) {
    String q = s.replace("'", "''");
    if (q.length() < 8) {
      q = q + " ".repeat(8 - q.length());
    }
    return "'" + q + "'";
  }

  private static String withComment(String card, String comment) {
    if (comment.isEmpty() || card.length() + 3 >= CARD) {
      return pad(card);
    }
    String full = card + " / " + comment;
    return pad(full.length() > CARD ? full.substring(0, CARD) : full);
  }

  private static String padKey(String key) {
    return key.length() >= 8 ? key : key + " ".repeat(8 - key.length());
  }

  static String pad(String s) {
    if (s.length() > CARD) {
      throw new IllegalArgumentException("card longer than 80 characters: " + s);
    }
    return s + " ".repeat(CARD - s.length());
  }

  private static String ascii(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return sb.toString();
  }
}
