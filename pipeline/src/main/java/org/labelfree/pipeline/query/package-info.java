/**
 * Query expressions: the Gen3 WHERE-expression subset ({@code band = 'g' AND visit IN (1..8) AND detector != 3}),
 * parsed by a hand-written recursive-descent grammar into an {@link org.labelfree.pipeline.query.Expr} tree,
 * compiled to a parameterised {@link org.labelfree.pipeline.query.SqlPredicate} or evaluated in memory against a
 * data ID.
 *
 * <p>Start here: {@link org.labelfree.pipeline.query.QueryExpressions}. User text never reaches SQL as text: every
 * literal becomes a {@code ?} parameter and identifiers are resolved to {@link org.labelfree.pipeline.repo.Dimension}s
 * whose column references come from a trusted {@link org.labelfree.pipeline.query.ColumnMapper}.
 */
package org.labelfree.pipeline.query;
