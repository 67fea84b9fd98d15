/**
 * Typed columnar catalogues and their files. Start here: {@link org.labelfree.catalog.Catalog} (immutable columns of
 * DOUBLE, FLOAT, LONG, INT, BOOLEAN or STRING with units and descriptions) and
 * {@link org.labelfree.catalog.Catalogs} (read/write by extension: Parquet through DuckDB, FITS binary tables, CSV).
 * Bad files raise {@link org.labelfree.catalog.CatalogFormatException}.
 */
package org.labelfree.catalog;
