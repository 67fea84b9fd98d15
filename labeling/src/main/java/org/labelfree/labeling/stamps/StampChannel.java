package org.labelfree.labeling.stamps;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The image planes a stamp can be cut from, with the short names of the {@code --channels} option and the channel
 * names written to the shard's {@code channel_names} attribute.
 */
public enum StampChannel {
  /** The science image the DIA sources were found on (with the fakes injected): {@code sci}, {@code science}. */
  SCIENCE("sci", "science"),
  /** The template warped onto the science image's grid: {@code tmpl}, {@code template}. */
  TEMPLATE("tmpl", "template"),
  /** The difference image: {@code diff}, {@code difference}. */
  DIFFERENCE("diff", "difference");

  /** The channel name of the optional mask channel (1 where a pixel was replaced or padded, else 0). */
  public static final String MASK_CHANNEL_NAME = "mask";

  private final String shortName;
  private final String channelName;

  StampChannel(String shortName, String channelName) {
    this.shortName = shortName;
    this.channelName = channelName;
  }

  /** The short name used on the command line and in configs, e.g. {@code diff}. */
  public String shortName() {
    return shortName;
  }

  /** The name in the shard's {@code channel_names} attribute, e.g. {@code difference}. */
  public String channelName() {
    return channelName;
  }

  /**
   * Parses a comma-separated channel list such as {@code diff} or {@code sci,tmpl,diff}: each element a short name
   * or a channel name (any case, spaces around commas ignored), none repeated, at least one.
   *
   * @param text the list
   * @return the channels in the order given
   * @throws IllegalArgumentException naming the bad element and the valid names
   */
  public static List<StampChannel> parseList(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("channels is empty; expected a comma-separated list of sci, tmpl, diff"
          + " (e.g. diff or sci,tmpl,diff)");
    }
    List<StampChannel> out = new ArrayList<>();
    Set<StampChannel> seen = EnumSet.noneOf(StampChannel.class);
    for (String part : text.split(",", -1)) {
      String p = part.trim().toLowerCase(Locale.ROOT);
      StampChannel found = null;
      for (StampChannel c : values()) {
        if (c.shortName.equals(p) || c.channelName.equals(p)) {
          found = c;
        }
      }
      if (found == null) {
        throw new IllegalArgumentException("channels '" + org.labelfree.image.InvalidDataException.sanitize(text)
            + "': unknown channel '" + org.labelfree.image.InvalidDataException.sanitize(part.trim())
            + "'; expected sci, tmpl or diff (e.g. diff or sci,tmpl,diff)");
      }
      if (!seen.add(found)) {
        throw new IllegalArgumentException("channels '" + org.labelfree.image.InvalidDataException.sanitize(text)
            + "': " + found.shortName + " appears twice; expected each channel at most once");
      }
      out.add(found);
    }
    return List.copyOf(out);
  }
}
