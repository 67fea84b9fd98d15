package org.labelfree.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test support: the shared real data beside the checkout ({@code ../shared/data/real}) and the external oracles
 * (Debian's {@code /usr/bin/python3} with astropy/h5py, {@code funpack}).
 *
 * <p>An oracle that is missing skips the test with a reason on a developer machine, and fails it under CI
 * ({@code CI=true}), where {@code .ci/run} installs every oracle.
 */
public final class TestData {
  private TestData() {}

  /** The folder {@code shared/data/real}, found from the build's property or by walking up from the working dir. */
  public static Path real() {
    String prop = System.getProperty("labelfree.shared");
    if (prop != null && Files.isDirectory(Paths.get(prop, "data", "real"))) {
      return Paths.get(prop, "data", "real").toAbsolutePath().normalize();
    }
    Path dir = Paths.get("").toAbsolutePath();
    for (int i = 0; i < 5 && dir != null; i++, dir = dir.getParent()) {
      Path candidate = dir.resolve("../shared/data/real").normalize();
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("cannot find ../shared/data/real from " + Paths.get("").toAbsolutePath());
  }

  /** A file below {@code shared/data/real}, e.g. {@code real("wcs/irac_sip.hdr")}. */
  public static Path real(String relative) {
    Path p = real().resolve(relative);
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException("missing shared test file " + p);
    }
    return p;
  }

  /** True when running under CI, where missing oracles are failures rather than skips. */
  public static boolean underCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** Skips (or, under CI, fails) unless Debian's python3 can import all of {@code modules}. */
  public static void requirePython(String... modules) {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "-c", "import " + String.join(", ", modules)));
    boolean ok = Files.isExecutable(Paths.get("/usr/bin/python3")) && run(cmd, null).exitCode == 0;
    requireOracle(ok, "/usr/bin/python3 with " + String.join(", ", modules));
  }

  /** Skips (or, under CI, fails) unless {@code program} is on the PATH. */
  public static void requireProgram(String program) {
    boolean ok = run(List.of("sh", "-c", "command -v " + program), null).exitCode == 0;
    requireOracle(ok, program);
  }

  private static void requireOracle(boolean present, String what) {
    if (!present && underCi()) {
      throw new AssertionError("test oracle missing under CI: " + what + " (.ci/run should install it)");
    }
    assumeTrue(present, "test oracle not installed: " + what);
  }

  /** The result of an external command. */
  public record Result(int exitCode, String stdout, String stderr) {}

  /** Runs a command (60 s limit) with optional standard input; never throws for a non-zero exit. */
  public static Result run(List<String> command, String stdin) {
    try {
      Path out = Files.createTempFile("oracle", ".out");
      Path err = Files.createTempFile("oracle", ".err");
      ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      Process p = pb.start();
      if (stdin != null) {
        p.getOutputStream().write(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      p.getOutputStream().close();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "", "timed out: " + command);
      }
      Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      return r;
    } catch (IOException e) {
      return new Result(-1, "", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "", e.toString());
    }
  }

  /** Runs a Python script with Debian's python3 and returns its standard output; fails the test on error. */
  public static String python(String script, String... args) {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "-c", script));
    cmd.addAll(List.of(args));
    Result r = run(cmd, null);
    if (r.exitCode != 0) {
      throw new AssertionError("python oracle failed (" + r.exitCode + "): " + r.stderr);
    }
    return r.stdout;
  }
}
