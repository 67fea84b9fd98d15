package org.labelfree.pipeline.query;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.labelfree.pipeline.repo.Dimension;

/**
 * Compiles an {@link Expr} to a {@link SqlPredicate}. The SQL text is built only from fixed keywords, operators,
 * {@code ?} placeholders and the mapper's column references; every literal is a parameter. Every node compiles to a
 * term that is safe as an operand of AND or OR (disjunctions and lists are parenthesised). Not thread-safe: one
 * instance per compilation.
 */
final class SqlCompiler {
  private static final String PART = "(?:[A-Za-z_][A-Za-z0-9_]*|\"[^\"\\p{Cntrl}]+\")";
  private static final Pattern COLUMN = Pattern.compile(PART + "(?:\\." + PART + ")*");

  private final ColumnMapper mapper;
  private final StringBuilder sql = new StringBuilder();
  private final List<Object> parameters = new ArrayList<>();

  SqlCompiler(ColumnMapper mapper) {
    this.mapper = mapper;
  }

  SqlPredicate compile(Expr e) {
    if (e instanceof Expr.All) {
      return SqlPredicate.all();
    }
    emit(e);
    return new SqlPredicate(sql.toString(), parameters);
  }

  private void emit(Expr e) {
    if (e instanceof Expr.And a) {
      join(a.operands(), " AND ");
    } else if (e instanceof Expr.Or o) {
      join(o.operands(), " OR ");
    } else if (e instanceof Expr.Not n) {
      sql.append("NOT (");
      emit(n.operand());
      sql.append(')');
    } else if (e instanceof Expr.Compare c) {
      sql.append(column(c.left().dimension())).append(' ').append(c.operator().sql()).append(' ');
      if (c.right() instanceof Operand.Identifier id) {
        sql.append(column(id.dimension()));
      } else {
        bind(((Operand.Literal) c.right()).value());
      }
    } else if (e instanceof Expr.In in) {
      in(in);
    } else {
      throw new IllegalArgumentException("cannot compile " + e.getClass().getSimpleName() + " inside an expression");
    }
  }

  private void join(List<Expr> operands, String operator) {
    sql.append('(');
    for (int i = 0; i < operands.size(); i++) {
      if (i > 0) {
        sql.append(operator);
      }
      emit(operands.get(i));
    }
    sql.append(')');
  }

  /*
   * col IN (?, ...) for the literals, col BETWEEN ? AND ? for a range, and for a stride s
   * (col BETWEEN ? AND ? AND col % ? IN (?, ?)) where the two remainders are floorMod(start, s) and that minus s:
   * SQL's % takes the sign of the dividend in SQLite and PostgreSQL alike, and this form cannot overflow.
   */
  private void in(Expr.In in) {
    String col = column(in.subject().dimension());
    List<Object> literals = new ArrayList<>();
    List<InItem.Range> ranges = new ArrayList<>();
    for (InItem item : in.items()) {
      if (item instanceof InItem.Range r) {
        ranges.add(r);
      } else {
        literals.add(((Operand.Literal) item).value());
      }
    }
    int terms = (literals.isEmpty() ? 0 : 1) + ranges.size();
    if (in.negated()) {
      sql.append("NOT ");
    }
    if (terms > 1 || in.negated()) {
      sql.append('(');
    }
    String or = "";
    if (!literals.isEmpty()) {
      sql.append(col).append(" IN (");
      for (int i = 0; i < literals.size(); i++) {
        sql.append(i == 0 ? "" : ", ");
        bind(literals.get(i));
      }
      sql.append(')');
      or = " OR ";
    }
    for (InItem.Range r : ranges) {
      sql.append(or);
      or = " OR ";
      if (r.stride() == 1) {
        sql.append(col).append(" BETWEEN ");
        bind(r.start());
        sql.append(" AND ");
        bind(r.stop());
      } else {
        long remainder = Math.floorMod(r.start(), r.stride());
        sql.append('(').append(col).append(" BETWEEN ");
        bind(r.start());
        sql.append(" AND ");
        bind(r.stop());
        sql.append(" AND ").append(col).append(" % ");
        bind(r.stride());
        sql.append(" IN (");
        bind(remainder);
        sql.append(", ");
        bind(remainder - r.stride());
        sql.append("))");
      }
    }
    if (terms > 1 || in.negated()) {
      sql.append(')');
    }
  }

  private void bind(Object value) {
    sql.append('?');
    parameters.add(value);
  }

  private String column(Dimension d) {
    String c = mapper.column(d);
    if (c == null || !COLUMN.matcher(c).matches()) {
      throw new IllegalArgumentException("column mapper returned "
          + (c == null ? "null" : "'" + QueryException.sanitize(c) + "'") + " for dimension " + d
          + "; expected a column reference such as ds." + d.key());
    }
    return c;
  }
}
