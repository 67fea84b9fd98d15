package org.labelfree.training.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CandidateListTest {
  /* Ratios of small integers: 1e-12 covers double rounding only. */
  private static final double EPS = 1e-12;

  private static ScoredStamps sample(byte[] truth) {
    long[] ids = {50, 40, 30, 20, 10, 60, 70};
    byte[] label = {0, 0, 0, 0, 0, 1, 0};
    float[] snr = {5f, 9f, Float.NaN, 12f, 3f, 20f, 7f};
    float[] score = {0.9f, 0.7f, 0.9f, 0.2f, 0.5f, 0.99f, 0.4999f};
    return Fixtures.stamps(ids, label, truth, snr, score);
  }

  private static float[] scores(ScoredStamps s) {
    return new float[] {0.9f, 0.7f, 0.9f, 0.2f, 0.5f, 0.99f, 0.4999f};
  }

  @Test
  void orderingTiesAndTruth(@TempDir Path dir) throws Exception {
    byte[] truth = {1, 0, 0, 1, 1, -1, 1};
    ScoredStamps s = sample(truth);
    CandidateList c = CandidateList.of(s, scores(s), 0.5);
    /* Label 0 with score >= 0.5: ids 50 (0.9), 30 (0.9), 40 (0.7), 10 (0.5); the tie at 0.9 goes to id 30 first;
       the injected id 60 and id 70 at 0.4999 are out. */
    assertArrayEquals(new long[] {30, 50, 40, 10}, c.diaSourceIds());
    assertEquals(List.of(1, 2, 3, 4), c.candidates().stream().map(CandidateList.Candidate::rank).toList());
    /* True transients among label 0: ids 50, 20, 10, 70 (4); found 50 and 10. */
    assertEquals(4, c.truthPositives());
    assertEquals(2, c.truePositivesFound());
    assertEquals(0.5, c.truthRecall(), EPS);
    assertEquals(0.5, c.truthPrecision(), EPS);
    CandidateList high = CandidateList.of(s, scores(s), 0.8);
    assertArrayEquals(new long[] {30, 50}, high.diaSourceIds());
    assertEquals(0.25, high.truthRecall(), EPS);
    assertEquals(0.5, high.truthPrecision(), EPS);

    Path csv = dir.resolve("c.csv");
    c.writeCsv(csv);
    List<String> lines = Files.readAllLines(csv);
    assertEquals("rank,row,diaSourceId,visit,detector,ra,dec,snr,score,isTrueTransient", lines.get(0));
    assertEquals(5, lines.size());
    assertTrue(lines.get(1).startsWith("1,2,30,"), lines.get(1));
    assertTrue(lines.get(1).contains(",,0.9,0"), "NaN S/N is an empty field: " + lines.get(1));
  }

  @Test
  void unknownTruthGivesNaN() {
    byte[] truth = {-1, -1, -1, -1, -1, -1, -1};
    ScoredStamps s = sample(truth);
    CandidateList c = CandidateList.of(s, scores(s), 0.5);
    assertEquals(4, c.size());
    assertTrue(Double.isNaN(c.truthRecall()));
    assertTrue(Double.isNaN(c.truthPrecision()));
  }

  @Test
  void noCandidates() {
    byte[] truth = {1, 0, 0, 0, 0, 0, 0};
    ScoredStamps s = sample(truth);
    CandidateList c = CandidateList.of(s, scores(s), 0.95);
    assertEquals(0, c.size());
    assertEquals(0.0, c.truthRecall(), EPS);
    assertTrue(Double.isNaN(c.truthPrecision()));
  }
}
