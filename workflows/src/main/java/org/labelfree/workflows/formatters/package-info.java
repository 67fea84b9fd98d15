/**
 * The astronomy formatters of the data repository: start here with {@link
 * org.labelfree.workflows.formatters.AstronomyFormatters}, the {@link org.labelfree.pipeline.repo.FormatterProvider}
 * service that registers {@code Exposure} (FITS), {@code Catalog} (Parquet) and {@code StampShard} (HDF5) with every
 * {@link org.labelfree.pipeline.repo.FormatterRegistry#withDefaults()} registry. The formatters only convert between
 * a file and an object of {@code diffim-io}; they are stateless, thread-safe and deterministic (the same object gives
 * the same bytes every time).
 */
package org.labelfree.workflows.formatters;
