package org.labelfree.workflows.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU accounting for benchmarks: the process's CPU time, and the machine's CPU time counters of {@code /proc/stat}
 * (Linux), whose {@code steal} column is the time the hypervisor ran other guests on our virtual CPUs. Package-private.
 */
final class CpuTimes {
  private static final Path PROC_STAT = Path.of("/proc/stat");

  private CpuTimes() {}

  /** CPU time of this process (all threads), nanoseconds; -1 when the JVM does not report it. */
  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /**
   * The aggregate {@code cpu} line of {@code /proc/stat}: user, nice, system, idle, iowait, irq, softirq, steal (in
   * clock ticks), or null where there is no such file or it cannot be read.
   */
  static long[] read() {
    try {
      List<String> lines = Files.readAllLines(PROC_STAT);
      return parse(lines.isEmpty() ? "" : lines.get(0));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The first eight counters of a {@code cpu ...} line, or null if it is not one. */
  static long[] parse(String line) {
    String[] f = line.trim().split("\\s+");
    if (f.length < 9 || !f[0].equals("cpu")) {
      return null;
    }
    long[] v = new long[8];
    for (int i = 0; i < 8; i++) {
      v[i] = Long.parseLong(f[i + 1]);
    }
    return v;
  }

  /** Steal as a percentage of all CPU time between two readings; NaN if either is missing or no time passed. */
  static double stealPercent(long[] before, long[] after) {
    if (before == null || after == null) {
      return Double.NaN;
    }
    long total = 0;
    for (int i = 0; i < 8; i++) {
      total += after[i] - before[i];
    }
    return total > 0 ? 100.0 * (after[7] - before[7]) / total : Double.NaN;
  }
}
