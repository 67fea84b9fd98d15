/**
 * Stamps: square cut-outs around DIA sources for the real/bogus classifier. Start here: {@link
 * org.labelfree.labeling.stamps.StampCutter} (centring convention, padding, NaN/NO_DATA handling and normalisations:
 * {@link org.labelfree.labeling.stamps.StampNormalisation}) and {@link
 * org.labelfree.labeling.stamps.StampShardMaker} (one HDF5-ready {@code StampShard} per visit-detector from its
 * {@code matched_dia_source} rows). Bad catalogues raise {@link org.labelfree.labeling.stamps.StampInputException}.
 */
package org.labelfree.labeling.stamps;
