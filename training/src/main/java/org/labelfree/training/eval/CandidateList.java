package org.labelfree.training.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The transient candidates: stamps labelled 0 ("real", assumed bogus) that the classifier nevertheless scores at
 * or above a threshold, ranked by score descending (ties by diaSourceId ascending). Where the simulation knows the
 * truth it also says how many of the hidden true transients among the label-0 stamps the list recovers. Immutable.
 */
public final class CandidateList {

  /**
   * One candidate.
   *
   * @param rank            1-based rank
   * @param row             row in the scored stamps
   * @param diaSourceId     DIA source ID
   * @param visit           visit
   * @param detector        detector
   * @param ra              right ascension (degrees)
   * @param dec             declination (degrees)
   * @param snr             forced S/N (NaN where unmeasured)
   * @param score           the score that made it a candidate
   * @param isTrueTransient simulation truth: 1, 0 or -1 unknown
   */
  public record Candidate(int rank, int row, long diaSourceId, long visit, int detector, double ra, double dec,
      float snr, float score, byte isTrueTransient) {}

  private final double threshold;
  private final List<Candidate> candidates;
  private final long truthKnown;
  private final long truthPositives;
  private final long truePositivesFound;

  private CandidateList(double threshold, List<Candidate> candidates, long truthKnown, long truthPositives,
      long truePositivesFound) {
    this.threshold = threshold;
    this.candidates = candidates;
    this.truthKnown = truthKnown;
    this.truthPositives = truthPositives;
    this.truePositivesFound = truePositivesFound;
  }

  /**
   * Builds the list: every label-0 stamp with {@code score >= threshold} (NaN scores never qualify).
   *
   * @param s         the stamps
   * @param score     one score per stamp (e.g. the calibrated probability of class 1)
   * @param threshold the score threshold
   * @throws IllegalArgumentException if {@code score} does not have one value per stamp
   */
  public static CandidateList of(ScoredStamps s, float[] score, double threshold) {
    Objects.requireNonNull(s, "s");
    if (score.length != s.size()) {
      throw new IllegalArgumentException("score has length " + score.length + "; expected one per stamp, "
          + s.size());
    }
    /* Count the truth among all label-0 stamps and collect the qualifying ones. */
    long known = 0;
    long positives = 0;
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < s.size(); i++) {
      if (s.label()[i] != 0) {
        continue;
      }
      byte truth = s.isTrueTransient()[i];
      known += truth >= 0 ? 1 : 0;
      positives += truth == 1 ? 1 : 0;
      if (score[i] >= threshold) {
        rows.add(i);
      }
    }
    /* Rank by score descending, ties by diaSourceId ascending. */
    rows.sort((a, b) -> {
      int c = Float.compare(score[b], score[a]);
      return c != 0 ? c : Long.compare(s.diaSourceId()[a], s.diaSourceId()[b]);
    });
    List<Candidate> list = new ArrayList<>(rows.size());
    long found = 0;
    for (int k = 0; k < rows.size(); k++) {
      int i = rows.get(k);
      byte truth = s.isTrueTransient()[i];
      found += truth == 1 ? 1 : 0;
      list.add(new Candidate(k + 1, i, s.diaSourceId()[i], s.visit()[i], s.detector()[i], s.ra()[i], s.dec()[i],
          s.snr()[i], score[i], truth));
    }
    return new CandidateList(threshold, Collections.unmodifiableList(list), known, positives, found);
  }

  /** The threshold. */
  public double threshold() {
    return threshold;
  }

  /** The candidates, ranked (unmodifiable). */
  public List<Candidate> candidates() {
    return candidates;
  }

  /** The number of candidates. */
  public int size() {
    return candidates.size();
  }

  /** Label-0 stamps whose truth is known (isTrueTransient 0 or 1). */
  public long truthKnown() {
    return truthKnown;
  }

  /** Label-0 stamps that are true transients (isTrueTransient 1): the hidden transients. */
  public long truthPositives() {
    return truthPositives;
  }

  /** Candidates that are true transients. */
  public long truePositivesFound() {
    return truePositivesFound;
  }

  /**
   * True transients among the candidates / all label-0 true transients. NaN when no label-0 stamp has a known truth
   * (all -1) or none is a true transient.
   */
  public double truthRecall() {
    return truthKnown == 0 || truthPositives == 0 ? Double.NaN : (double) truePositivesFound / truthPositives;
  }

  /**
   * True transients among the candidates / candidates. NaN when no label-0 stamp has a known truth (all -1) or there
   * is no candidate.
   */
  public double truthPrecision() {
    return truthKnown == 0 || candidates.isEmpty() ? Double.NaN : (double) truePositivesFound / candidates.size();
  }

  /**
   * Writes the list as CSV, atomically: {@code rank,row,diaSourceId,visit,detector,ra,dec,snr,score,
   * isTrueTransient}, one line per candidate in rank order (empty S/N for NaN).
   */
  public void writeCsv(Path path) throws IOException {
    StringBuilder sb = new StringBuilder("rank,row,diaSourceId,visit,detector,ra,dec,snr,score,isTrueTransient\n");
    for (Candidate c : candidates) {
      sb.append(c.rank()).append(',').append(c.row()).append(',').append(c.diaSourceId()).append(',')
          .append(c.visit()).append(',').append(c.detector()).append(',').append(Reports.csv(c.ra())).append(',')
          .append(Reports.csv(c.dec())).append(',').append(Reports.csv(c.snr())).append(',')
          .append(Reports.csv(c.score())).append(',').append(c.isTrueTransient()).append('\n');
    }
    Reports.writeText(path, sb.toString());
  }

  @Override
  public String toString() {
    return "CandidateList[threshold=" + threshold + ", candidates=" + size() + ", truePositivesFound="
        + truePositivesFound + ", truthPositives=" + truthPositives + "]";
  }

  /** The diaSourceIds in rank order (a convenience for tests and logs). */
  public long[] diaSourceIds() {
    return candidates.stream().mapToLong(Candidate::diaSourceId).toArray();
  }
}
