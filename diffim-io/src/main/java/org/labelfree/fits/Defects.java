package org.labelfree.fits;

import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the harmless defects of one file (missing padding, {@code D} exponents, duplicate keywords, ...) so that
 * each file gets at most ONE warning, logged by {@link #logOnce()}. Not thread-safe for writers; reads only from one
 * thread at a time.
 */
final class Defects {
  private static final Logger LOG = LoggerFactory.getLogger("org.labelfree.fits");

  private final String file;
  private final Set<String> seen = new LinkedHashSet<>();
  private boolean logged;

  Defects(String file) {
    this.file = file;
  }

  /** Records a defect (duplicates collapse). */
  synchronized void add(String defect) {
    seen.add(defect);
  }

  /** The defects seen so far. */
  synchronized Set<String> all() {
    return Set.copyOf(seen);
  }

  /** Logs one warning listing every defect, if there were any; later calls log nothing. */
  synchronized void logOnce() {
    if (!logged && !seen.isEmpty()) {
      logged = true;
      LOG.warn("{}: tolerated FITS defects: {}", file, String.join("; ", seen));
    }
  }
}
