package org.labelfree.pipeline.repo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A datastore path template, e.g. the default
 * {@code {run}/{datasetType}/{band}/{visit}/{datasetType}_{instrument}_{band}_{visit}_{detector}.{ext}}.
 * Immutable and thread-safe.
 *
 * <p><b>Syntax.</b> Fields are {@code {run}}, {@code {datasetType}}, {@code {ext}} and the dimension keys
 * ({@code {instrument}}, {@code {visit}}, ...). The template is relative, ends with {@code .{ext}}, contains
 * {@code {run}} and {@code {datasetType}}, and is cut into <i>segments</i> by {@code /} and segments into
 * <i>parts</i> by {@code _}. A part holds at most one dimension field plus literal text of
 * {@code [A-Za-z0-9.+-]}; the last segment (the file name) must hold a part without dimension fields.
 *
 * <p><b>Expansion.</b> A part whose dimension has no value in the (expanded) data ID is dropped with its {@code _};
 * a segment whose parts are all dropped is dropped with its {@code /}. Dimension values are percent-encoded: every
 * character outside {@code [A-Za-z0-9.+-]} (so also {@code _}, {@code /} and {@code %}) becomes {@code %XX}, and a
 * value made only of dots is encoded whole; so a value can never add a separator, a {@code ..} segment or an absolute
 * path.
 *
 * <p><b>Uniqueness.</b> Within one dataset type and run, two distinct data IDs give distinct paths: every value
 * occupies its own {@code _}/{@code /}-delimited token, so the token count fixes which parts are present and the
 * injective encoding tells the values apart, as long as every dimension of the dataset type appears in the
 * template. If one does not, the file name gets {@code _} plus the first 16 hex digits of the SHA-256 of the
 * canonical data ID before the extension. (Across runs or dataset types, the registry's unique path constraint is
 * the final guard.) On a case-insensitive file system, values that differ only in case would collide; there the
 * registry rejects the second one.
 */
final class PathTemplate {
  /** The default template. */
  static final String DEFAULT =
      "{run}/{datasetType}/{band}/{visit}/{datasetType}_{instrument}_{band}_{visit}_{detector}.{ext}";

  private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9.+-]*");
  private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]+(\\.[a-z0-9]+)*");
  private static final String EXT_SUFFIX = ".{ext}";

  /** A piece of a part: literal text or a field. */
  private record Piece(String literal, String field, Dimension dimension) {}

  /** One {@code _}-delimited part: its pieces and its dimension field (null if none). */
  private record Part(List<Piece> pieces, Dimension dimension) {}

  private final String text;
  private final List<List<Part>> segments;
  private final Set<Dimension> fields;

  private PathTemplate(String text, List<List<Part>> segments, Set<Dimension> fields) {
    this.text = text;
    this.segments = segments;
    this.fields = fields;
  }

  /**
   * Parses and validates a template.
   *
   * @throws IllegalArgumentException naming the template, the offending part and what is expected
   */
  static PathTemplate parse(String template) {
    Objects.requireNonNull(template, "template");
    String shown = Names.sanitize(template);
    if (!template.endsWith(EXT_SUFFIX)) {
      throw bad(shown, "it must end with '.{ext}'");
    }
    String body = template.substring(0, template.length() - EXT_SUFFIX.length());
    if (body.isEmpty() || body.startsWith("/")) {
      throw bad(shown, "it must be a non-empty relative path");
    }
    if (!body.contains("{run}") || !body.contains("{datasetType}")) {
      throw bad(shown, "it must contain {run} and {datasetType}");
    }
    Set<Dimension> fields = EnumSet.noneOf(Dimension.class);
    List<List<Part>> segments = new ArrayList<>();
    String[] segmentTexts = body.split("/", -1);
    for (int s = 0; s < segmentTexts.length; s++) {
      if (segmentTexts[s].isEmpty()) {
        throw bad(shown, "it has an empty segment ('//')");
      }
      List<Part> parts = new ArrayList<>();
      boolean constantPart = false;
      for (String partText : segmentTexts[s].split("_", -1)) {
        if (partText.isEmpty()) {
          throw bad(shown, "segment '" + segmentTexts[s] + "' has an empty part ('__' or a '_' at an end)");
        }
        Part part = parsePart(shown, partText);
        if (part.dimension() != null) {
          fields.add(part.dimension()); // may repeat: a band folder and the band in the file name
        } else {
          constantPart = true;
        }
        if (part.dimension() == null && part.pieces().size() == 1 && part.pieces().get(0).field() == null) {
          String lit = part.pieces().get(0).literal();
          if (lit.equals(".") || lit.equals("..")) {
            throw bad(shown, "it has a '.' or '..' segment");
          }
        }
        parts.add(part);
      }
      if (s == segmentTexts.length - 1 && !constantPart) {
        throw bad(shown, "its file name must have a part without dimension fields, e.g. {datasetType}");
      }
      segments.add(List.copyOf(parts));
    }
    return new PathTemplate(template, List.copyOf(segments), fields);
  }

  private static Part parsePart(String shown, String partText) {
    List<Piece> pieces = new ArrayList<>();
    Dimension dimension = null;
    int i = 0;
    while (i < partText.length()) {
      int open = partText.indexOf('{', i);
      String literal = open < 0 ? partText.substring(i) : partText.substring(i, open);
      if (!literal.isEmpty()) {
        if (!LITERAL.matcher(literal).matches()) {
          throw bad(shown, "literal text '" + literal + "' may only have letters, digits and '.+-'");
        }
        pieces.add(new Piece(literal, null, null));
      }
      if (open < 0) {
        break;
      }
      int close = partText.indexOf('}', open);
      if (close < 0) {
        throw bad(shown, "a '{' is not closed");
      }
      String field = partText.substring(open + 1, close);
      Dimension d = null;
      if (!field.equals("run") && !field.equals("datasetType")) {
        d = Dimension.byKey(field).filter(x -> x.key().equals(field)).orElseThrow(() -> bad(shown,
            "unknown field {" + field + "}; expected {run}, {datasetType}, {ext} (at the end) or a dimension key"));
        if (dimension != null) {
          throw bad(shown, "part '" + partText + "' has two dimension fields; separate them with '_' or '/'");
        }
        dimension = d;
      }
      pieces.add(new Piece(null, field, d));
      i = close + 1;
    }
    return new Part(List.copyOf(pieces), dimension);
  }

  private static IllegalArgumentException bad(String shown, String why) {
    return new IllegalArgumentException("path template '" + shown + "' is invalid: " + why);
  }

  /** The template text. */
  String text() {
    return text;
  }

  /**
   * The relative path (with {@code /}) of a dataset.
   *
   * @param run      the run (a valid collection name)
   * @param type     the dataset type
   * @param dataId   the data ID, possibly expanded with implied values (band, physical_filter of a visit)
   * @param ext      file extension without dot, e.g. {@code fits}
   * @throws IllegalArgumentException for an invalid extension
   */
  String format(String run, DatasetType type, DataId dataId, String ext) {
    if (!EXTENSION.matcher(ext).matches()) {
      throw new IllegalArgumentException("file extension '" + Names.sanitize(ext) + "' of storage class "
          + type.storageClass() + " must match [a-z0-9]+(.[a-z0-9]+)*");
    }
    List<String> outSegments = new ArrayList<>();
    for (List<Part> segment : segments) {
      List<String> outParts = new ArrayList<>();
      for (Part part : segment) {
        if (part.dimension() != null && dataId.get(part.dimension()).isEmpty()) {
          continue;
        }
        StringBuilder b = new StringBuilder();
        for (Piece p : part.pieces()) {
          if (p.literal() != null) {
            b.append(p.literal());
          } else if (p.field().equals("run")) {
            b.append(run);
          } else if (p.field().equals("datasetType")) {
            b.append(type.name());
          } else {
            b.append(encode(String.valueOf(dataId.get(p.dimension()).orElseThrow())));
          }
        }
        outParts.add(b.toString());
      }
      if (!outParts.isEmpty()) {
        outSegments.add(String.join("_", outParts));
      }
    }
    String path = String.join("/", outSegments);
    if (!fields.containsAll(type.dimensions())) {
      path += "_" + shortHash(dataId.subset(type.dimensions()));
    }
    return path + "." + ext;
  }

  /** Percent-encodes a dimension value (see the class comment). */
  static String encode(String value) {
    boolean allDots = !value.isEmpty() && value.chars().allMatch(c -> c == '.');
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+'
          || c == '-' || (c == '.' && !allDots);
      if (plain) {
        b.append(c);
      } else {
        for (byte x : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
          b.append('%').append(String.format("%02X", x & 0xff));
        }
      }
    }
    return b.toString();
  }

  private static String shortHash(DataId dataId) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(dataId.canonicalBytes());
      return HexFormat.of().formatHex(h, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
