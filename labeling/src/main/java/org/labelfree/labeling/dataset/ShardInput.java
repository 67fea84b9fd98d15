package org.labelfree.labeling.dataset;

import java.util.Objects;
import org.labelfree.stamps.StampShard;

/**
 * One stamp shard to merge: a name for messages (its file or data ID), the shard and its per-stamp {@code flags}
 * ({@code org.labelfree.stamps.StampFlags} bits, usually {@code shard.flags()}; all 0 for shards of format
 * version 1). Immutable: the flags are copied in and out.
 */
public final class ShardInput {
  private final String name;
  private final StampShard shard;
  private final int[] flags;

  /**
   * A shard to merge.
   *
   * @param name  what to call it in messages, e.g. its path (not null)
   * @param shard the shard (not null)
   * @param flags one int32 per stamp (copied), or null for all 0
   * @throws IllegalArgumentException if {@code flags} does not have one value per stamp
   */
  public ShardInput(String name, StampShard shard, int[] flags) {
    this.name = Objects.requireNonNull(name, "name");
    this.shard = Objects.requireNonNull(shard, "shard");
    if (flags != null && flags.length != shard.size()) {
      throw new IllegalArgumentException(name + ": " + flags.length + " flags for " + shard.size() + " stamps");
    }
    this.flags = flags == null ? new int[shard.size()] : flags.clone();
  }

  /** The name used in messages. */
  public String name() {
    return name;
  }

  /** The shard. */
  public StampShard shard() {
    return shard;
  }

  /** A copy of the per-stamp flags. */
  public int[] flags() {
    return flags.clone();
  }

  int flag(int i) {
    return flags[i];
  }

  @Override
  public String toString() {
    return "ShardInput[" + name + ", " + shard.size() + " stamps]";
  }
}
