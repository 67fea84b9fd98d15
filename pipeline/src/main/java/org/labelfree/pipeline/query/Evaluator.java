package org.labelfree.pipeline.query;

import java.util.Optional;
import org.labelfree.pipeline.repo.DataId;

/**
 * In-memory evaluation with SQL's three-valued logic: a condition on a dimension the data ID lacks is UNKNOWN
 * ({@code null} here), as a NULL column is in SQL, and AND, OR and NOT follow Kleene's tables. Stateless.
 */
final class Evaluator {
  private Evaluator() {}

  /** TRUE, FALSE or null for UNKNOWN. */
  static Boolean evaluate(Expr e, DataId dataId) {
    if (e instanceof Expr.All) {
      return Boolean.TRUE;
    }
    if (e instanceof Expr.And a) {
      Boolean result = Boolean.TRUE;
      for (Expr operand : a.operands()) {
        Boolean v = evaluate(operand, dataId);
        if (Boolean.FALSE.equals(v)) {
          return Boolean.FALSE;
        }
        if (v == null) {
          result = null;
        }
      }
      return result;
    }
    if (e instanceof Expr.Or o) {
      Boolean result = Boolean.FALSE;
      for (Expr operand : o.operands()) {
        Boolean v = evaluate(operand, dataId);
        if (Boolean.TRUE.equals(v)) {
          return Boolean.TRUE;
        }
        if (v == null) {
          result = null;
        }
      }
      return result;
    }
    if (e instanceof Expr.Not n) {
      Boolean v = evaluate(n.operand(), dataId);
      return v == null ? null : !v;
    }
    if (e instanceof Expr.Compare c) {
      Optional<Object> left = dataId.get(c.left().dimension());
      Optional<Object> right = c.right() instanceof Operand.Identifier id ? dataId.get(id.dimension())
          : Optional.of(((Operand.Literal) c.right()).value());
      if (left.isEmpty() || right.isEmpty()) {
        return null;
      }
      return c.operator().test(compare(left.get(), right.get()));
    }
    Expr.In in = (Expr.In) e;
    Optional<Object> value = dataId.get(in.subject().dimension());
    if (value.isEmpty()) {
      return null;
    }
    boolean found = false;
    for (InItem item : in.items()) {
      if (item instanceof InItem.Range r) {
        found = r.contains((Long) value.get());
      } else {
        found = ((Operand.Literal) item).value().equals(value.get());
      }
      if (found) {
        break;
      }
    }
    return found != in.negated();
  }

  private static int compare(Object a, Object b) {
    if (a instanceof Long x && b instanceof Long y) {
      return Long.compare(x, y);
    }
    if (a instanceof String x && b instanceof String y) {
      return x.compareTo(y);
    }
    throw new IllegalStateException("cannot compare " + a.getClass().getSimpleName() + " with "
        + b.getClass().getSimpleName() + " (a tree that escaped the type rules)");
  }
}
