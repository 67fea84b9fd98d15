package org.labelfree.workflows.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.labelfree.catalog.Catalog;
import org.labelfree.image.Exposure;
import org.labelfree.pipeline.repo.Butler;
import org.labelfree.pipeline.repo.CollectionType;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.DatasetType;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.repo.DimensionRecord;
import org.labelfree.pipeline.repo.Registry;
import org.labelfree.pipeline.repo.Repository;
import org.labelfree.pipeline.repo.SkyBox;
import org.labelfree.sim.SimulatedVisit;
import org.labelfree.sim.SurveyGeometry;
import org.labelfree.sim.SyntheticSurvey;
import org.labelfree.sim.VisitConditions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a {@link SyntheticSurvey} into a repository's RUN collection: the dimension records (instrument, detectors,
 * visits with their MJD, band and sky region, sky map, tract, patches), then every dataset. Start here.
 *
 * <p>Dataset types written (LSST names): {@link #CALEXP} (instrument, visit, detector), {@link #TEMPLATE_COADD}
 * (skymap, tract, patch, band), {@link #TRUTH_SOURCES} and {@link #TRUTH_TRANSIENT_PARAMETERS} (skymap, tract),
 * {@link #TRUTH_TRANSIENTS} and {@link #TRUTH_ARTEFACTS} (instrument, visit, detector). Puts are idempotent: writing
 * the same survey (same configuration and seed) into the same run again keeps the identical files; a different one
 * is a conflict. One visit-detector is rendered while the previous one is written. Not thread-safe.
 */
public final class SurveyWriter {
  private static final Logger LOG = LoggerFactory.getLogger(SurveyWriter.class);

  private static final Set<Dimension> VISIT_DETECTOR = Set.of(Dimension.INSTRUMENT, Dimension.VISIT,
      Dimension.DETECTOR);
  private static final Set<Dimension> TRACT = Set.of(Dimension.SKYMAP, Dimension.TRACT);

  /** The calibrated single-visit images. */
  public static final DatasetType CALEXP = new DatasetType("calexp", VISIT_DETECTOR, "Exposure");
  /** The template coadd patches. */
  public static final DatasetType TEMPLATE_COADD = new DatasetType("template_coadd",
      Set.of(Dimension.SKYMAP, Dimension.TRACT, Dimension.PATCH, Dimension.BAND), "Exposure");
  /** The static sky's truth. */
  public static final DatasetType TRUTH_SOURCES = new DatasetType("truth_sources", TRACT, "Catalog");
  /** The transients' parameters (one row per transient). */
  public static final DatasetType TRUTH_TRANSIENT_PARAMETERS = new DatasetType("truth_transient_parameters", TRACT,
      "Catalog");
  /** The true transients of each visit-detector. */
  public static final DatasetType TRUTH_TRANSIENTS = new DatasetType("truth_transients", VISIT_DETECTOR, "Catalog");
  /** The artefacts of each visit-detector. */
  public static final DatasetType TRUTH_ARTEFACTS = new DatasetType("truth_artefacts", VISIT_DETECTOR, "Catalog");

  /** Progress of the writing, in items (visit-detectors, then template patches). */
  @FunctionalInterface
  public interface Progress {
    /** Called after each item with the items done and the total. */
    void progress(int done, int total);
  }

  /**
   * What was written.
   *
   * @param calexps          calexps written
   * @param templates        template patches written
   * @param sources          rows of truth_sources
   * @param transients       transients in truth_transient_parameters
   * @param transientRows    rows of all truth_transients (transient appearances on a detector)
   * @param artefacts        rows of all truth_artefacts
   * @param counts           artefacts by kind
   */
  public record Summary(int calexps, int templates, int sources, int transients, long transientRows,
      long artefacts, Map<String, Long> counts) {}

  private final Repository repo;
  private final SyntheticSurvey survey;
  private final String run;

  /** A writer of {@code survey} into RUN {@code run} of {@code repo}. */
  public SurveyWriter(Repository repo, SyntheticSurvey survey, String run) {
    this.repo = Objects.requireNonNull(repo, "repo");
    this.survey = Objects.requireNonNull(survey, "survey");
    this.run = Objects.requireNonNull(run, "run");
  }

  /** Registers the dimension records, dataset types and the run (idempotent). */
  public void register() {
    SurveyGeometry g = survey.geometry();
    Registry registry = repo.registry();
    List<DimensionRecord> records = new ArrayList<>();
    records.add(new DimensionRecord.Instrument(SyntheticSurvey.INSTRUMENT));
    for (int d = 0; d < survey.config().detectors(); d++) {
      records.add(new DimensionRecord.Detector(SyntheticSurvey.INSTRUMENT, d, String.format("S%02d", d)));
    }
    for (VisitConditions v : g.visits()) {
      double[] box = null;
      for (int d = 0; d < survey.config().detectors(); d++) {
        double[] b = g.detectorSkyBox(v, d);
        box = box == null ? b : new double[] {Math.min(box[0], b[0]), Math.max(box[1], b[1]),
            Math.min(box[2], b[2]), Math.max(box[3], b[3])};
      }
      records.add(new DimensionRecord.Visit(SyntheticSurvey.INSTRUMENT, v.visit(), v.band(),
          SyntheticSurvey.physicalFilter(v.band()), v.mjd(), v.exposureTime(), skyBox(box)));
    }
    records.add(new DimensionRecord.Skymap(SyntheticSurvey.SKYMAP));
    double[] tractBox = null;
    for (int p = 0; p < g.patchCount(); p++) {
      double[] b = g.patchSkyBox(p);
      tractBox = tractBox == null ? b : new double[] {Math.min(tractBox[0], b[0]), Math.max(tractBox[1], b[1]),
          Math.min(tractBox[2], b[2]), Math.max(tractBox[3], b[3])};
    }
    records.add(new DimensionRecord.Tract(SyntheticSurvey.SKYMAP, SyntheticSurvey.TRACT, skyBox(tractBox)));
    for (int p = 0; p < g.patchCount(); p++) {
      records.add(new DimensionRecord.Patch(SyntheticSurvey.SKYMAP, SyntheticSurvey.TRACT, p,
          skyBox(g.patchSkyBox(p))));
    }
    registry.insertDimensionRecords(records);
    for (DatasetType t : List.of(CALEXP, TEMPLATE_COADD, TRUTH_SOURCES, TRUTH_TRANSIENT_PARAMETERS, TRUTH_TRANSIENTS,
        TRUTH_ARTEFACTS)) {
      registry.registerDatasetType(t);
    }
    registry.registerCollection(run, CollectionType.RUN, "synthetic survey, seed " + survey.config().seed());
  }

  private static SkyBox skyBox(double[] b) {
    return new SkyBox(b[0], b[1], b[2], b[3]);
  }

  /** Number of items {@link #write} reports progress over. */
  public int itemCount() {
    return survey.geometry().visits().size() * survey.config().detectors()
        + survey.config().bands().size() * survey.geometry().patchCount();
  }

  /**
   * Registers, renders and writes the whole survey.
   *
   * @param progress called after each item (from the calling thread)
   * @return what was written
   */
  public Summary write(Progress progress) {
    register();
    Butler butler = repo.butler();
    SurveyGeometry g = survey.geometry();
    int detectors = survey.config().detectors();
    int total = itemCount();
    int done = 0;
    long transientRows = 0;
    long artefactRows = 0;
    Map<String, Long> counts = new java.util.TreeMap<>();

    /* Truth of the whole tract first: small, and useful even if the run is interrupted. */
    DataId tract = DataId.of(Map.of("skymap", SyntheticSurvey.SKYMAP, "tract", SyntheticSurvey.TRACT));
    Catalog sources = survey.truthSources();
    Catalog parameters = survey.transientParameters();
    butler.put(sources, TRUTH_SOURCES, tract, run);
    butler.put(parameters, TRUTH_TRANSIENT_PARAMETERS, tract, run);

    /* Visit-detectors: render the next one while this one is written. */
    ExecutorService renderer = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "labelfree-sim-render");
      t.setDaemon(true);
      return t;
    });
    try {
      List<long[]> items = new ArrayList<>();
      for (VisitConditions v : g.visits()) {
        for (int d = 0; d < detectors; d++) {
          items.add(new long[] {v.visit(), d});
        }
      }
      Future<SimulatedVisit> next = items.isEmpty() ? null
          : renderer.submit(() -> survey.renderCalexp(items.get(0)[0], (int) items.get(0)[1]));
      for (int i = 0; i < items.size(); i++) {
        SimulatedVisit sv = get(next);
        next = i + 1 < items.size() ? submit(renderer, items.get(i + 1)) : null;
        long[] it = items.get(i);
        DataId id = DataId.of(Map.of("instrument", SyntheticSurvey.INSTRUMENT, "visit", it[0], "detector", it[1]));
        butler.put(sv.calexp(), CALEXP, id, run);
        butler.put(sv.truthTransients(), TRUTH_TRANSIENTS, id, run);
        butler.put(sv.truthArtefacts(), TRUTH_ARTEFACTS, id, run);
        transientRows += sv.truthTransients().rowCount();
        artefactRows += sv.truthArtefacts().rowCount();
        for (String k : sv.truthArtefacts().stringColumn("kind")) {
          counts.merge(k, 1L, Long::sum);
        }
        progress.progress(++done, total);
      }
      int templates = 0;
      for (String band : survey.config().bands()) {
        for (int p = 0; p < g.patchCount(); p++) {
          Exposure t = survey.renderTemplate(band, p);
          DataId id = DataId.of(Map.of("skymap", SyntheticSurvey.SKYMAP, "tract", SyntheticSurvey.TRACT, "patch",
              (long) p, "band", band));
          butler.put(t, TEMPLATE_COADD, id, run);
          templates++;
          progress.progress(++done, total);
        }
      }
      LOG.info("Wrote {} calexps and {} template patches into run {}", items.size(), templates, run);
      return new Summary(items.size(), templates, sources.rowCount(), parameters.rowCount(), transientRows,
          artefactRows, counts);
    } finally {
      renderer.shutdownNow();
    }
  }

  private Future<SimulatedVisit> submit(ExecutorService renderer, long[] item) {
    return renderer.submit(() -> survey.renderCalexp(item[0], (int) item[1]));
  }

  private static <T> T get(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while rendering", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(c);
    }
  }
}
