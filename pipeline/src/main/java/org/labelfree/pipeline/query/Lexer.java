package org.labelfree.pipeline.query;

import java.util.Locale;

/**
 * Splits query text into tokens on demand, so the first error reported is the leftmost one. Not thread-safe: one
 * instance per parse.
 */
final class Lexer {
  /** Token kinds. */
  enum Kind {
    IDENT, INTEGER, STRING, LPAREN, RPAREN, COMMA, DOT, DOTDOT, COLON, PLUS, MINUS,
    EQ, NE, LT, LE, GT, GE, AND, OR, NOT, IN, END
  }

  /**
   * A token.
   *
   * @param kind   its kind
   * @param text   the source text (for a string: the value with quotes undoubled)
   * @param column 1-based column of its first character
   */
  record Token(Kind kind, String text, int column) {
    /** How the token is named in an error message (sanitised). */
    String describe() {
      switch (kind) {
        case END:
          return "end of the expression";
        case STRING:
          return "string " + TypeRules.quote(new Operand.StringLiteral(text));
        case AND:
        case OR:
        case NOT:
        case IN:
          return kind.name();
        case IDENT:
        case INTEGER:
        default:
          return "'" + TypeRules.cut(text) + "'";
      }
    }
  }

  private final String source;
  private int pos;

  Lexer(String source) {
    this.source = source;
  }

  /** The next token; {@link Kind#END} at the end (and for ever after). */
  Token next() {
    while (pos < source.length() && isBlank(source.charAt(pos))) {
      pos++;
    }
    int start = pos;
    int column = start + 1;
    if (pos >= source.length()) {
      return new Token(Kind.END, "", column);
    }
    char c = source.charAt(pos);
    if (isIdentStart(c)) {
      while (pos < source.length() && isIdentPart(source.charAt(pos))) {
        pos++;
      }
      String word = source.substring(start, pos);
      switch (word.toUpperCase(Locale.ROOT)) {
        case "AND":
          return new Token(Kind.AND, word, column);
        case "OR":
          return new Token(Kind.OR, word, column);
        case "NOT":
          return new Token(Kind.NOT, word, column);
        case "IN":
          return new Token(Kind.IN, word, column);
        default:
          return new Token(Kind.IDENT, word, column);
      }
    }
    if (c >= '0' && c <= '9') {
      return number(start);
    }
    if (c == '\'') {
      return string(start);
    }
    pos++;
    switch (c) {
      case '(':
        return new Token(Kind.LPAREN, "(", column);
      case ')':
        return new Token(Kind.RPAREN, ")", column);
      case ',':
        return new Token(Kind.COMMA, ",", column);
      case ':':
        return new Token(Kind.COLON, ":", column);
      case '+':
        return new Token(Kind.PLUS, "+", column);
      case '-':
        return new Token(Kind.MINUS, "-", column);
      case '=':
        return new Token(Kind.EQ, "=", column);
      case '.':
        if (peek('.')) {
          pos++;
          return new Token(Kind.DOTDOT, "..", column);
        }
        return new Token(Kind.DOT, ".", column);
      case '!':
        if (peek('=')) {
          pos++;
          return new Token(Kind.NE, "!=", column);
        }
        break;
      case '<':
        if (peek('=')) {
          pos++;
          return new Token(Kind.LE, "<=", column);
        }
        if (peek('>')) {
          pos++;
          return new Token(Kind.NE, "<>", column);
        }
        return new Token(Kind.LT, "<", column);
      case '>':
        if (peek('=')) {
          pos++;
          return new Token(Kind.GE, ">=", column);
        }
        return new Token(Kind.GT, ">", column);
      case '"':
        throw error("unexpected '\"'; strings are quoted with single quotes, e.g. band = 'g'", column);
      default:
        break;
    }
    throw error("unexpected " + describeChar(source.codePointAt(start)), column);
  }

  private Token number(int start) {
    while (pos < source.length() && isAsciiDigit(source.charAt(pos))) {
      pos++;
    }
    if (pos + 1 < source.length() && source.charAt(pos) == '.' && isAsciiDigit(source.charAt(pos + 1))) {
      int end = pos + 1;
      while (end < source.length() && isAsciiDigit(source.charAt(end))) {
        end++;
      }
      throw error("floating-point number " + source.substring(start, end) + " is not supported; dimensions hold"
          + " integers and strings", start + 1);
    }
    if (pos < source.length() && isIdentPart(source.charAt(pos))) {
      int end = pos;
      while (end < source.length() && isIdentPart(source.charAt(end))) {
        end++;
      }
      throw error("malformed number '" + TypeRules.cut(source.substring(start, end)) + "'", start + 1);
    }
    return new Token(Kind.INTEGER, source.substring(start, pos), start + 1);
  }

  private Token string(int start) {
    StringBuilder value = new StringBuilder();
    pos++;
    while (pos < source.length()) {
      char c = source.charAt(pos);
      if (c == '\'') {
        if (peekAt(pos + 1, '\'')) {
          value.append('\'');
          pos += 2;
          continue;
        }
        pos++;
        return new Token(Kind.STRING, value.toString(), start + 1);
      }
      if (Character.isISOControl(c)) {
        throw error(String.format("control character U+%04X in a string", (int) c), pos + 1);
      }
      value.append(c);
      pos++;
    }
    throw error("unterminated string; expected a closing ' (write '' for a quote inside a string)", start + 1);
  }

  private QuerySyntaxException error(String reason, int column) {
    return new QuerySyntaxException(reason, source, column);
  }

  private boolean peek(char c) {
    return peekAt(pos, c);
  }

  private boolean peekAt(int index, char c) {
    return index < source.length() && source.charAt(index) == c;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  private static boolean isIdentStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isIdentPart(char c) {
    return isIdentStart(c) || isAsciiDigit(c);
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static String describeChar(int codePoint) {
    if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0) || !Character.isDefined(codePoint)
        || Character.getType(codePoint) == Character.FORMAT || Character.isWhitespace(codePoint)) {
      return String.format("character U+%04X", codePoint);
    }
    return "'" + new String(Character.toChars(codePoint)) + "'";
  }
}
