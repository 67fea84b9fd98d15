package org.labelfree.workflows.cli;

import picocli.CommandLine.Option;

/** The survey layout options shared by {@code simulate} and {@code demo} (a picocli mixin). */
final class SurveyOptions {
  @Option(names = "--visits", defaultValue = "8", paramLabel = "N", description = "Visits per band (default 8).")
  int visits;

  @Option(names = "--detectors", defaultValue = "6", paramLabel = "N", description = "Detectors (default 6).")
  int detectors;

  @Option(names = "--size", defaultValue = "1024", paramLabel = "PIXELS",
      description = "Detector width and height in pixels (default 1024; 4096 = an LSST detector).")
  int size;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Base seed (default 1).")
  long seed;
}
