package org.labelfree.pipeline.query;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.Dimension;

/**
 * Start here: parses Gen3 WHERE expressions, compiles them to parameterised SQL and evaluates them in memory.
 *
 * <pre>
 * Expr e = QueryExpressions.parse("band = 'g' AND visit IN (1..8) AND detector != 3");
 * SqlPredicate p = QueryExpressions.compile(e, d -&gt; "ds." + d.key());
 *   // (ds.band = ? AND ds.visit BETWEEN ? AND ? AND ds.detector &lt;&gt; ?)  with  [g, 1, 8, 3]
 * boolean keep = QueryExpressions.evaluate(e, dataId);
 * </pre>
 *
 * <h2>Grammar</h2>
 * Keywords ({@code AND OR NOT IN}) and dimension names are case-insensitive; blanks are space, tab, CR and LF.
 * <pre>
 * expression := (empty) | or
 * or         := and ( OR and )*
 * and        := unary ( AND unary )*
 * unary      := NOT unary | '(' or ')' | predicate
 * predicate  := operand ( '=' | '!=' | '&lt;&gt;' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=' ) operand
 *             | operand [ NOT ] IN '(' item ( ',' item )* ')'
 * operand    := dimension | integer | string
 * dimension  := name [ '.' ( 'id' | 'name' ) ]     e.g. visit, visit.id, band, band.name
 * item       := integer [ '..' integer [ ':' integer ] ] | string
 * integer    := [ '+' | '-' ] digits               (a 64-bit long)
 * string     := "'" ( any character but ' and control characters | "''" )* "'"
 * </pre>
 * Precedence as Gen3: NOT binds tightest, then the comparisons, then AND, then OR. {@code NOT} applies to the
 * comparison, {@code IN} or parenthesised expression that follows ({@code NOT visit = 1 AND detector = 2} is
 * {@code (NOT (visit = 1)) AND detector = 2}; no dimension is boolean, so NOT never applies to a bare name). Ranges are inclusive: {@code 1..10:2} is 1, 3, 5, 7, 9.
 *
 * <h2>Meaning</h2>
 * <ul>
 *   <li>A dimension name is one of {@link Dimension}; the qualified form is {@code <dimension>.id} for an integer
 *       dimension and {@code <dimension>.name} for a string one (Gen3's primary keys). Other fields are rejected.
 *   <li>An integer dimension is compared with integers, a string dimension with strings; a comparison may have the
 *       dimension on either side ({@code 3 < visit} is {@code visit > 3}) or two dimensions of the same kind.
 *       {@code 1 = 1} is rejected: a comparison needs a dimension on one side. String dimensions take only
 *       {@code =}, {@code !=} and {@code IN} (an ordering would depend on the database collation).
 *   <li>Ranges need an integer dimension; a reversed range ({@code 10..1}) and a stride below 1 are errors, not empty.
 *   <li>A dimension the data ID (or row) lacks makes its condition UNKNOWN, as a NULL column does in SQL: AND, OR and
 *       NOT follow three-valued logic and only TRUE selects. Callers that need every dimension present check
 *       {@link #dimensions(Expr)} first.
 * </ul>
 *
 * <h2>Limits</h2>
 * Text up to {@link #MAX_LENGTH} characters, nesting of parentheses and NOT up to {@link #MAX_DEPTH}, an IN list up
 * to {@link #MAX_IN_VALUES} items (a range counts as one and is never expanded).
 *
 * <p>Stateless and thread-safe. Errors: {@link QuerySyntaxException} and {@link QuerySemanticException} (both
 * {@link QueryException}, unchecked), with the column and a caret under it.
 */
public final class QueryExpressions {
  /** Longest accepted expression, in characters. */
  public static final int MAX_LENGTH = 10_000;
  /** Deepest accepted nesting of parentheses and NOT. */
  public static final int MAX_DEPTH = 100;
  /** Most items in one IN list. */
  public static final int MAX_IN_VALUES = 10_000;

  private QueryExpressions() {}

  /**
   * Parses an expression.
   *
   * @param expression the query text; blank means "everything"
   * @return the tree; {@link Expr.All} for blank text
   * @throws NullPointerException    if {@code expression} is null
   * @throws QuerySyntaxException    if the text does not follow the grammar or exceeds a limit
   * @throws QuerySemanticException  for an unknown dimension, a type mismatch, a bad range or a comparison of two
   *                                 values
   */
  public static Expr parse(String expression) {
    Objects.requireNonNull(expression, "expression");
    return new Parser(expression).parse();
  }

  /**
   * Compiles a tree to a parameterised predicate. Literals become {@code ?} parameters ({@code Long} or
   * {@code String}); the SQL text holds only keywords, operators, placeholders and the mapper's column references,
   * and is safe to use as an operand of AND or OR. {@link Expr.All} compiles to {@link SqlPredicate#all()}.
   *
   * @param expression a tree from {@link #parse(String)} or built in code; not null
   * @param columns    maps each dimension to a trusted column reference; not null
   * @throws IllegalArgumentException if the mapper returns something that is not a column reference
   */
  public static SqlPredicate compile(Expr expression, ColumnMapper columns) {
    Objects.requireNonNull(expression, "expression");
    Objects.requireNonNull(columns, "columns");
    return new SqlCompiler(columns).compile(expression);
  }

  /**
   * Parses and compiles: {@code compile(parse(expression), columns)}.
   *
   * @throws QueryException           as {@link #parse(String)}
   * @throws IllegalArgumentException as {@link #compile(Expr, ColumnMapper)}
   */
  public static SqlPredicate compile(String expression, ColumnMapper columns) {
    return compile(parse(expression), columns);
  }

  /**
   * Evaluates a tree against a data ID with the same semantics as the compiled SQL run on a row holding the data
   * ID's values (absent dimensions as NULL).
   *
   * @param expression not null
   * @param dataId     not null
   * @return true if the expression is TRUE for the data ID; false if FALSE or UNKNOWN (a dimension it needs is
   *     absent)
   */
  public static boolean evaluate(Expr expression, DataId dataId) {
    Objects.requireNonNull(expression, "expression");
    Objects.requireNonNull(dataId, "dataId");
    return Boolean.TRUE.equals(Evaluator.evaluate(expression, dataId));
  }

  /**
   * True if the expression is definitely FALSE for the data ID; UNKNOWN (a dimension it needs is absent) does not
   * exclude. The quantum-graph builder filters datasets this way, so {@code detector = 3} keeps a dataset that has
   * no detector (a visit-level catalogue) and drops one of detector 4.
   *
   * @param expression not null
   * @param dataId     not null
   * @return true if FALSE
   */
  public static boolean excludes(Expr expression, DataId dataId) {
    Objects.requireNonNull(expression, "expression");
    Objects.requireNonNull(dataId, "dataId");
    return Boolean.FALSE.equals(Evaluator.evaluate(expression, dataId));
  }

  /**
   * The dimensions an expression names, in canonical order (empty for {@link Expr.All}).
   *
   * @param expression not null
   * @return an unmodifiable set
   */
  public static Set<Dimension> dimensions(Expr expression) {
    Set<Dimension> out = EnumSet.noneOf(Dimension.class);
    collect(Objects.requireNonNull(expression, "expression"), out);
    return java.util.Collections.unmodifiableSet(out);
  }

  private static void collect(Expr e, Set<Dimension> out) {
    if (e instanceof Expr.And a) {
      a.operands().forEach(x -> collect(x, out));
    } else if (e instanceof Expr.Or o) {
      o.operands().forEach(x -> collect(x, out));
    } else if (e instanceof Expr.Not n) {
      collect(n.operand(), out);
    } else if (e instanceof Expr.Compare c) {
      out.add(c.left().dimension());
      if (c.right() instanceof Operand.Identifier id) {
        out.add(id.dimension());
      }
    } else if (e instanceof Expr.In in) {
      out.add(in.subject().dimension());
    }
  }
}
