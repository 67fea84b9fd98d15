package org.labelfree.workflows.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.labelfree.pipeline.repo.Repository;
import org.labelfree.sim.SurveyConfig;
import org.labelfree.sim.SyntheticSurvey;
import org.labelfree.workflows.sim.SurveyWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code labelfree bench simulate}: the synthetic survey's speed. Renders one visit-detector of {@code --size}
 * pixels {@code --repeat} times after a warm-up (targets: 4096 x 4096 in <= 1.5 s), then writes the default
 * simulation (6 detectors x 16 visits of 1024 x 1024 and its templates) into a temporary repository (target <= 60 s).
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Time rendering one visit-detector and writing the default simulation.")
final class SimulateBench implements Callable<Integer> {
  @Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--size", defaultValue = "4096", description = "Detector size rendered (default 4096).")
  int size;

  @Option(names = "--repeat", defaultValue = "5", description = "Timed renders (default 5).")
  int repeat;

  @Option(names = "--no-default-run", description = "Skip writing the default simulation.")
  boolean skipDefault;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Map<String, Object> m = new LinkedHashMap<>();
    SyntheticSurvey survey = new SyntheticSurvey(SurveyConfig.of(1, 1, List.of("r"), size, 1));
    survey.renderCalexp(1, 0);
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i < repeat; i++) {
      long t = System.nanoTime();
      survey.renderCalexp(1, 0);
      ms.add((System.nanoTime() - t) / 1e6);
    }
    ms.sort(Double::compare);
    m.put("size", size);
    m.put("render_ms", ms);
    m.put("render_ms_median", ms.get(ms.size() / 2));
    m.put("sources_in_sky", survey.sky().size());
    m.put("processors", Runtime.getRuntime().availableProcessors());
    if (!skipDefault) {
      Path tmp = Files.createTempDirectory("labelfree-bench-sim");
      try {
        long t = System.nanoTime();
        try (Repository repo = Repository.create(tmp.resolve("repo"))) {
          SyntheticSurvey def = new SyntheticSurvey(SurveyConfig.defaults());
          SurveyWriter.Summary s = new SurveyWriter(repo, def, "sim/raw").write((d, n) -> { });
          m.put("default_calexps", s.calexps());
          m.put("default_templates", s.templates());
        }
        m.put("default_simulation_s", (System.nanoTime() - t) / 1e9);
      } finally {
        try (Stream<Path> s = Files.walk(tmp)) {
          for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
    }
    if (json) {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m));
    } else {
      out.printf("render one %dx%d visit-detector: median %.0f ms (%s)%n", size, size, (Double) m.get("render_ms_median"),
          ms);
      if (m.containsKey("default_simulation_s")) {
        out.printf("default simulation (%s calexps, %s templates) written in %.1f s%n", m.get("default_calexps"),
            m.get("default_templates"), (Double) m.get("default_simulation_s"));
      }
    }
    return 0;
  }
}
