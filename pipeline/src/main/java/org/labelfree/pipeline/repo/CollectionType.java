package org.labelfree.pipeline.repo;

/** The kinds of collection, as in Gen3. */
public enum CollectionType {
  /** Where datasets are written; every dataset belongs to exactly one run. */
  RUN,
  /** An ordered search path of other collections. */
  CHAINED,
  /** A hand-picked set of datasets of any runs. */
  TAGGED
}
