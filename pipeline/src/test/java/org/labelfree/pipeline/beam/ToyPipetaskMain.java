package org.labelfree.pipeline.beam;

import java.nio.file.Path;
import org.labelfree.pipeline.repo.Repository;

/**
 * Runs the toy pipeline into {@code u/me/kill} of a repository, for the kill-and-resume test's child JVM.
 * Arguments: REPO SLEEP_MS.
 */
public final class ToyPipetaskMain {
  private ToyPipetaskMain() {}

  /** Entry point. */
  public static void main(String[] args) {
    try (Repository repo = Repository.open(Path.of(args[0]))) {
      PipetaskOptions options = KillResumeTest.options();
      Pipetask.Plan plan = Pipetask.plan(repo, ToyRepo.pipeline("toy", "upper:sleep_ms=" + args[1]), options,
          ToyRepo.CLOCK);
      Pipetask.run(repo, plan, options, null);
    }
  }
}
