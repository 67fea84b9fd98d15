/**
 * Stamp shards: the training and scoring data of the real/bogus classifier. Start here:
 * {@link org.labelfree.stamps.StampShard} (N stamps of C x H x W float32 with per-stamp columns and shard
 * attributes) and {@link org.labelfree.stamps.StampShards} (HDF5 write/read with jHDF); per-stamp flag bits are in
 * {@link org.labelfree.stamps.StampFlags}. Bad files raise
 * {@link org.labelfree.stamps.StampShardException}.
 */
package org.labelfree.stamps;
