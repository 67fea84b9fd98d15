package org.labelfree.workflows.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.image.Exposure;
import org.labelfree.image.MoffatPsf;
import org.labelfree.pipeline.repo.DatasetRef;
import org.labelfree.pipeline.repo.DimensionRecord;
import org.labelfree.pipeline.repo.Repository;
import org.labelfree.pipeline.query.SqlPredicate;
import org.labelfree.wcs.TanSipWcs;

/**
 * {@code labelfree simulate} and {@code labelfree demo} on a small survey: every dataset type and dimension record
 * is written, calexps carry WCS, PhotoCalib, VisitInfo and PSF, the same seed gives byte-identical files, and the
 * demo runs the pipeline and writes its previews and summary.
 */
class SimulateCommandTest {
  private static final String[] SMALL = {"--visits", "2", "--detectors", "2", "--size", "256"};

  private static String[] args(String first, Path repo, String... more) {
    List<String> a = new java.util.ArrayList<>(List.of(first, repo.toString()));
    a.addAll(List.of(SMALL));
    a.addAll(List.of(more));
    return a.toArray(new String[0]);
  }

  private static Map<String, String> checksums(Path repo) {
    Map<String, String> m = new TreeMap<>();
    try (Repository r = Repository.open(repo)) {
      for (DatasetRef ref : r.registry().queryDatasets(List.of("calexp", "template_coadd", "truth_sources",
          "truth_transient_parameters", "truth_transients", "truth_artefacts"), List.of("sim/raw"), SqlPredicate.all())) {
        m.put(ref.file().path(), ref.file().sha256());
      }
    }
    return m;
  }

  @Test
  void writesTheSurveyWithItsDimensionRecords(@TempDir Path tmp) {
    Path repo = tmp.resolve("repo");
    CliRunner.Result r = CliRunner.run(args("simulate", repo, "--seed", "3", "--json"));
    assertEquals(0, r.exitCode(), r.err());
    try (Repository rp = Repository.open(repo)) {
      assertEquals(4, rp.registry().queryDimensionRecords(DimensionRecord.Visit.class).size());
      assertEquals(2, rp.registry().queryDimensionRecords(DimensionRecord.Detector.class).size());
      int patches = rp.registry().queryDimensionRecords(DimensionRecord.Patch.class).size();
      assertTrue(patches >= 1);
      var calexps = rp.registry().queryDatasets(List.of("calexp"), List.of("sim/raw"), SqlPredicate.all());
      assertEquals(8, calexps.size());
      assertEquals(2 * patches, rp.registry().queryDatasets(List.of("template_coadd"), List.of("sim/raw"),
          SqlPredicate.all()).size());
      Exposure e = rp.butler().get(calexps.get(0), Exposure.class);
      assertTrue(e.wcs().orElseThrow() instanceof TanSipWcs, "calexp WCS is TAN-SIP");
      assertTrue(e.psf().orElseThrow() instanceof MoffatPsf, "calexp PSF is the Moffat model");
      assertTrue(e.photoCalib().isPresent());
      assertEquals("SimCam", e.visitInfo().instrument());
      assertTrue(Double.isFinite(e.visitInfo().mjdMid()));
      assertEquals(1, rp.registry().queryDatasets(List.of("truth_sources"), List.of("sim/raw"),
          SqlPredicate.all()).size());
    }
  }

  @Test
  void theSameSeedGivesByteIdenticalFilesAndAnotherSeedDoesNot(@TempDir Path tmp) {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    Path c = tmp.resolve("c");
    assertEquals(0, CliRunner.run(args("simulate", a)).exitCode());
    assertEquals(0, CliRunner.run(args("simulate", b)).exitCode());
    assertEquals(0, CliRunner.run(args("simulate", c, "--seed", "2")).exitCode());
    Map<String, String> ca = checksums(a);
    assertEquals(8 + 8 + 8 + 2 + ca.keySet().stream().filter(p -> p.contains("template_coadd")).count(), ca.size());
    assertEquals(ca, checksums(b));
    Map<String, String> cc = checksums(c);
    long same = ca.entrySet().stream().filter(e -> e.getKey().contains("calexp") || e.getKey().contains("template"))
        .filter(e -> e.getValue().equals(cc.get(e.getKey()))).count();
    assertEquals(0, same, "another seed changes every image");
    /* Simulating again into the same run keeps the identical files (idempotent). */
    assertEquals(0, CliRunner.run(args("simulate", a)).exitCode());
    assertEquals(ca, checksums(a));
  }

  @Test
  void badOptionsAreUsageErrors(@TempDir Path tmp) {
    CliRunner.Result r = CliRunner.run("simulate", tmp.resolve("r").toString(), "--bands", "g,q");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("band"), r.err());
    r = CliRunner.run("simulate", tmp.resolve("r").toString(), "--size", "10");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("size"), r.err());
    r = CliRunner.run("simulate", tmp.resolve("r").toString(), "--template-noise-factor", "0.5");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("templateNoiseFactor"), r.err());
    r = CliRunner.run("simulate", tmp.resolve("r").toString(), "--cosmic-rays", "-1");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("cosmicRaysPerMegapixel"), r.err());
    assertTrue(!Files.exists(tmp.resolve("r")), "nothing written");
  }

  @Test
  void demoSimulatesRunsThePipelineAndWritesPreviewsAndSummary(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("demo");
    /* 1024 px: a smaller detector at high latitude has too few PSF stars for characterize (it fails there). */
    CliRunner.Result r = CliRunner.run("demo", "--out", out.toString(), "--visits", "1", "--detectors", "1",
        "--size", "1024");
    assertEquals(0, r.exitCode(), r.out() + r.err());
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals(2, s.get("simulation").get("calexps").asInt());
    assertEquals(2 * 8 + 2 + 1, s.get("pipeline").get("status").get("succeeded").asInt(),
        "8 tasks x 2 visit-detectors + make_injection_catalog x 2 visits + associate x 1 instrument");
    assertEquals(0, s.get("pipeline").get("status").get("failed").asInt());
    JsonNode diffim = s.get("pipeline").get("difference_imaging");
    assertEquals(2, diffim.size(), diffim.toString());
    for (JsonNode d : diffim) {
      /* Same tolerance as the issue's: the difference's noise matches its variance plane within 5%. */
      assertEquals(1.0, d.get("residual_sigma").asDouble(), 0.05, d.toString());
      assertTrue(d.get("psf_fwhm_px").asDouble() > 2 && d.get("psf_fwhm_px").asDouble() < 8, d.toString());
      assertTrue(d.has("dia_sources") && d.has("dia_dipoles"), d.toString());
    }
    /* The injection block: both visit-detectors measured, a depth in the simulated range (the survey's 5-sigma depth
       is about 24-25 mag), and the fakes counted; too few fakes on one detector for a fit is said, not hidden. */
    JsonNode inj = s.get("injection");
    assertEquals(2, inj.get("visit_detectors").asInt(), inj.toString());
    assertEquals(2, inj.get("per_visit_detector").size(), inj.toString());
    double m5 = inj.get("m5_median").asDouble();
    assertTrue(m5 > 22 && m5 < 27, "m5 " + m5);
    assertEquals(inj.get("fakes_used").asInt(), inj.get("fit").get("fakes").asInt(), inj.toString());
    assertTrue(inj.get("fit").get("converged").asBoolean() || !inj.get("fit").get("note").asText().isEmpty(),
        inj.toString());
    assertTrue(r.out().contains("5-sigma depth m5"), r.out());
    /* The labels: every DIA source labelled, the fakes' matches agree with the INJECTED_CORE bit, and the dataset
       holds one stamp per DIA source with every one in a split. */
    JsonNode lab = s.get("labels");
    long sources = lab.get("dia_sources").asLong();
    assertTrue(sources > 0, lab.toString());
    assertEquals(sources, lab.get("label_1_injected").asLong() + lab.get("label_0_real").asLong(), lab.toString());
    assertTrue(lab.get("label_1_injected").asLong() > 0, lab.toString());
    assertTrue(lab.get("label_0_with_truth").asLong() > 0, "truth_transients reached match_injected: " + lab);
    assertTrue(lab.get("mask_agreement_fraction").asDouble() > 0.9, lab.toString());
    Path h5 = out.resolve("dataset.h5");
    org.labelfree.stamps.StampShard back = org.labelfree.stamps.StampShards.read(h5);
    assertEquals(sources, back.size());
    assertEquals(30, back.stampSize());
    assertEquals(h5.toString(), s.get("dataset").get("file").asText());
    assertTrue(r.out().contains("label noise"), r.out());
    for (JsonNode p : s.get("previews")) {
      Path png = Path.of(p.asText());
      assertTrue(Files.size(png) > 1000, png + " written");
    }
    assertEquals(3, s.get("previews").size(), "calexp, template and difference previews");
    assertTrue(r.out().contains("summary"), r.out());
    /* A second demo into the same folder needs --overwrite. */
    CliRunner.Result again = CliRunner.run("demo", "--out", out.toString(), "--size", "256");
    assertEquals(2, again.exitCode());
    assertTrue(again.err().contains("--overwrite"), again.err());
  }
}
