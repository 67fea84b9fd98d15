/**
 * The data repository, as LSST Gen3's: start with {@link org.labelfree.pipeline.repo.Repository} (create, open),
 * then its {@link org.labelfree.pipeline.repo.Butler} (put, get, find, remove runs) and
 * {@link org.labelfree.pipeline.repo.Registry} (dataset types, collections, queries, dimension records). Files live
 * in the {@link org.labelfree.pipeline.repo.Datastore}, written by one
 * {@link org.labelfree.pipeline.repo.Formatter} per storage class. Dataset IDs are deterministic
 * ({@link org.labelfree.pipeline.repo.DatasetIds}).
 */
package org.labelfree.pipeline.repo;
