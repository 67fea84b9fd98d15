package org.labelfree.training;

import java.util.Locale;

/** Where the network runs: the CPU, the first GPU, or the GPU when there is one. */
public enum ComputeDevice {
  /** The CPU (the default; bit-for-bit reproducible). */
  CPU,
  /** The first GPU; an error when the engine sees none. */
  GPU,
  /** The first GPU when there is one, else the CPU. */
  AUTO;

  /**
   * The device named as on the command line: {@code cpu}, {@code gpu} or {@code auto} (case-insensitive).
   *
   * @throws IllegalArgumentException naming the value and the valid names
   */
  public static ComputeDevice parse(String name) {
    if (name != null) {
      for (ComputeDevice d : values()) {
        if (d.cliName().equals(name.trim().toLowerCase(Locale.ROOT))) {
          return d;
        }
      }
    }
    throw new IllegalArgumentException("device must be one of cpu, gpu, auto, but was " + name);
  }

  /** The command-line name (lower case). */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
