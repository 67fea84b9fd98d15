package org.labelfree.stamps;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The shard-wide attributes of a {@link StampShard}, stored as HDF5 attributes of the root group.
 *
 * @param channelNames    one name per stamp channel, in order, e.g. {@code ["difference"]} or
 *                        {@code ["science", "template", "difference"]}; non-empty, each 1-64 printable ASCII
 * @param normalisation   how the stamps were normalised, e.g. {@code "zscale"} or {@code "robust"}; printable ASCII
 * @param stampSize       stamp height and width (pixels, square stamps; > 0)
 * @param softwareVersion the labelfree version that cut the stamps; printable ASCII
 * @param configDigest    hex digest of the configuration that cut the stamps (lower-case {@code [0-9a-f]*})
 */
public record ShardAttributes(List<String> channelNames, String normalisation, int stampSize,
    String softwareVersion, String configDigest) {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]*");

  /** Validates every component; throws {@link IllegalArgumentException} naming the bad one. */
  public ShardAttributes {
    channelNames = List.copyOf(channelNames);
    if (channelNames.isEmpty()) {
      throw new IllegalArgumentException("channelNames is empty; expected at least one channel");
    }
    for (String c : channelNames) {
      if (c.isEmpty() || c.length() > 64 || !StampRow.printableAscii(c)) {
        throw new IllegalArgumentException("channel name '" + org.labelfree.image.InvalidDataException.sanitize(c)
            + "' is not valid; expected 1-64 printable ASCII characters");
      }
    }
    checkText("normalisation", normalisation);
    if (stampSize <= 0) {
      throw new IllegalArgumentException("stampSize is " + stampSize + "; expected > 0");
    }
    checkText("softwareVersion", softwareVersion);
    Objects.requireNonNull(configDigest, "configDigest");
    if (!HEX.matcher(configDigest).matches()) {
      throw new IllegalArgumentException("configDigest '" + org.labelfree.image.InvalidDataException.sanitize(
          configDigest) + "' is not valid; expected lower-case hex digits");
    }
  }

  /** The number of channels. */
  public int channels() {
    return channelNames.size();
  }

  private static void checkText(String what, String text) {
    Objects.requireNonNull(text, what);
    if (!StampRow.printableAscii(text)) {
      throw new IllegalArgumentException(what + " '" + org.labelfree.image.InvalidDataException.sanitize(text)
          + "' is not valid; expected printable ASCII");
    }
  }
}
