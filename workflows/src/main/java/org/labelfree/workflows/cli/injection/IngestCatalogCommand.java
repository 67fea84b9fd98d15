package org.labelfree.workflows.cli.injection;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.labelfree.catalog.Catalog;
import org.labelfree.catalog.Catalogs;
import org.labelfree.catalog.Column;
import org.labelfree.catalog.ColumnSpec;
import org.labelfree.catalog.ColumnType;
import org.labelfree.catalog.CsvCatalogFormat;
import org.labelfree.catalog.FitsCatalogFormat;
import org.labelfree.catalog.ParquetCatalogFormat;
import org.labelfree.image.Exposure;
import org.labelfree.image.InvalidDataException;
import org.labelfree.injection.DetectorFootprint;
import org.labelfree.injection.InjectionCatalogs;
import org.labelfree.injection.InjectionMode;
import org.labelfree.injection.InvalidInjectionCatalogException;
import org.labelfree.pipeline.query.SqlPredicate;
import org.labelfree.pipeline.repo.CollectionInfo;
import org.labelfree.pipeline.repo.CollectionType;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.DatasetRef;
import org.labelfree.pipeline.repo.DatasetType;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.repo.DimensionRecord;
import org.labelfree.pipeline.repo.Registry;
import org.labelfree.pipeline.repo.Repository;
import org.labelfree.pipeline.repo.SkyBox;
import org.labelfree.wcs.SkyCoord;
import org.labelfree.wcs.Wcs;
import org.labelfree.workflows.tasks.MakeInjectionCatalogTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code labelfree injection ingest -b REPO -i FILE BAND [-i FILE BAND]... -o RUN [--format csv|parquet]}: the
 * counterpart of LSST source_injection's {@code ingest_injection_catalog}. Registers user catalogues of fakes as
 * {@code injection_catalog} datasets (dimensions instrument, visit), which {@code inject_visit} then injects.
 *
 * <p>Each file is read (CSV or Parquet, by {@code --format} or its extension) and validated with
 * {@link InjectionCatalogs#validate} (ra, dec, mag present; ra in [0, 360), dec in [-90, 90], mag finite); its
 * {@code band} column, if any, must equal BAND in every row, and is filled with BAND otherwise. The rows are then
 * split per visit: by the file's {@code visit} column if it has one (each visit must exist in the registry with band
 * BAND), else to every visit of band BAND on whose detectors the row falls, the detectors' footprints taken from
 * their calexps (WCS and pixel box; any RUN collection) or, for a visit without calexps, from the visit's sky
 * region in the registry. The {@code visit} column is filled accordingly; a visit that gets no rows gets no dataset.
 * Everything is read and checked before anything is written: a bad file, a visit that is not in the repository or
 * has another band, two inputs for the same visit, or a visit that already has an injection catalogue in RUN fails
 * the command with exit code 3 and writes nothing.
 *
 * <p>Prints per band: the rows read, the visits written and the rows that fell outside every visit.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Ingest injection catalogues (CSV or Parquet with ra, dec, mag) as injection_catalog datasets,"
        + " one per visit, as LSST's ingest_injection_catalog.",
        "Rows go to the visits of their `visit` column, or else to every visit of BAND whose detectors hold them."})
final class IngestCatalogCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(IngestCatalogCommand.class);
  private static final String CALEXP = "calexp";

  @Spec
  CommandSpec spec;

  @Option(names = {"-b", "--butler-config"}, required = true, paramLabel = "REPO",
      description = "The data repository (a folder with butler.yaml).")
  Path repo;

  @Option(names = {"-i", "--input"}, required = true, arity = "2", paramLabel = "FILE BAND",
      description = "A catalogue file and its band (repeatable: -i a.csv g -i b.parquet r).")
  List<String> inputs;

  @Option(names = {"-o", "--output-run"}, required = true, paramLabel = "RUN",
      description = "The RUN collection the datasets are written to (created if new).")
  String run;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "csv or parquet (default: from each file's extension).")
  String format;

  /** One {@code -i FILE BAND}. */
  private record Input(Path file, String band) {}

  /** The rows of one input that go to one visit. */
  private record Part(Input input, DimensionRecord.Visit visit, Catalog rows) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<Input> parsed = parseInputs();
    Catalogs.Format forced = parseFormat();
    try (Repository r = Repository.open(repo)) {
      Registry registry = r.registry();
      DatasetType type = MakeInjectionCatalogTask.INJECTION_CATALOG.datasetType();

      /* Read and validate every file, and split its rows per visit, before writing anything. */
      List<DimensionRecord.Visit> visits = registry.queryDimensionRecords(DimensionRecord.Visit.class);
      Footprints footprints = new Footprints(r);
      List<Part> parts = new ArrayList<>();
      Map<String, int[]> perBand = new LinkedHashMap<>();
      for (Input in : parsed) {
        Catalog cat = withBand(read(in.file(), forced), in);
        List<Part> split = cat.hasColumn(InjectionCatalogs.VISIT)
            ? byVisitColumn(cat, in, visits)
            : byFootprint(cat, in, visits, footprints, perBand);
        parts.addAll(split);
        int[] counts = perBand.computeIfAbsent(in.band(), b -> new int[3]);
        counts[0] += cat.rowCount();
      }
      checkTargets(registry, parts, type);

      /* Write: one dataset per visit. */
      if (!parts.isEmpty()) {
        registry.registerDatasetType(type);
      }
      for (Part p : parts) {
        DataId id = DataId.of(Map.of(Dimension.INSTRUMENT.key(), p.visit().instrument(),
            Dimension.VISIT.key(), p.visit().id()));
        r.butler().put(p.rows(), type, id, run);
        perBand.get(p.input().band())[1]++;
        LOG.info("{}: {} rows -> injection_catalog visit={} in {}", p.input().file(), p.rows().rowCount(),
            p.visit().id(), run);
      }
      for (Map.Entry<String, int[]> e : perBand.entrySet()) {
        int[] c = e.getValue();
        out.printf("band %s: %d rows, %d visits written, %d rows outside every visit%n", e.getKey(), c[0], c[1],
            c[2]);
      }
      out.printf("Ingested %d injection catalogues into run %s%n", parts.size(), run);
      return 0;
    }
  }

  /** The {@code -i} values as (file, band) pairs; an unknown band is a usage error. */
  private List<Input> parseInputs() {
    List<Input> out = new ArrayList<>();
    for (int k = 0; k + 1 < inputs.size(); k += 2) {
      String band = inputs.get(k + 1);
      if (!InjectionCatalogs.BANDS.contains(band)) {
        throw new ParameterException(spec.commandLine(), "-i " + inputs.get(k) + " " + band + ": unknown band '"
            + InvalidDataException.sanitize(band) + "'; expected one of " + String.join(", ", InjectionCatalogs.BANDS));
      }
      out.add(new Input(Path.of(inputs.get(k)), band));
    }
    return out;
  }

  private Catalogs.Format parseFormat() {
    if (format == null) {
      return null;
    }
    switch (format.strip().toLowerCase(Locale.ROOT)) {
      case "csv":
        return Catalogs.Format.CSV;
      case "parquet":
        return Catalogs.Format.PARQUET;
      default:
        throw new ParameterException(spec.commandLine(), "--format: '" + InvalidDataException.sanitize(format)
            + "' is not one of csv, parquet");
    }
  }

  /** Reads a file in the given format (null: by extension) and validates it; CSV columns of the schema get its types. */
  private Catalog read(Path file, Catalogs.Format forced) throws IOException {
    Catalogs.Format f;
    try {
      f = forced != null ? forced : Catalogs.Format.of(file);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "-i: " + e.getMessage() + "; or give --format");
    }
    Catalog cat;
    switch (f) {
      case CSV: {
        Map<String, ColumnType> types = new HashMap<>();
        for (ColumnSpec s : InjectionCatalogs.schema(InjectionMode.LIGHTCURVE)) {
          types.put(s.name(), s.type());
        }
        cat = CsvCatalogFormat.read(file, types, List.of());
        break;
      }
      case PARQUET:
        cat = ParquetCatalogFormat.read(file);
        break;
      default:
        cat = FitsCatalogFormat.read(file);
        break;
    }
    return InjectionCatalogs.validate(cat, file.toString());
  }

  /** The catalogue with its {@code band} column checked against the input's band, or added. */
  private static Catalog withBand(Catalog cat, Input in) {
    int n = cat.rowCount();
    if (cat.hasColumn(InjectionCatalogs.BAND)) {
      Column c = cat.column(InjectionCatalogs.BAND);
      for (int i = 0; i < n; i++) {
        if (!in.band().equals(c.getString(i))) {
          throw new InvalidInjectionCatalogException(in.file() + ": row " + i + " (injection_id "
              + cat.column(InjectionCatalogs.INJECTION_ID).getLong(i) + "): band is '"
              + InvalidDataException.sanitize(c.getString(i)) + "', but the file is ingested as band '" + in.band()
              + "'");
        }
      }
      return cat;
    }
    String[] bands = new String[n];
    java.util.Arrays.fill(bands, in.band());
    return cat.withColumn(Column.ofStrings(InjectionCatalogs.BAND, bands, "", "band"));
  }

  /** Splits by the file's visit column; every visit must be in the registry with the input's band. */
  private static List<Part> byVisitColumn(Catalog cat, Input in, List<DimensionRecord.Visit> visits) {
    Column vc = cat.column(InjectionCatalogs.VISIT);
    if (vc.type() != ColumnType.LONG && vc.type() != ColumnType.INT) {
      throw new InvalidInjectionCatalogException(in.file() + ": column 'visit' is " + vc.type()
          + "; expected an integer visit number");
    }
    long[] v = vc.toLongArray();
    Map<Long, List<Integer>> rows = new TreeMap<>();
    Map<Long, DimensionRecord.Visit> records = new HashMap<>();
    for (int i = 0; i < v.length; i++) {
      if (!records.containsKey(v[i])) {
        records.put(v[i], visitOf(v[i], i, in, visits));
      }
      rows.computeIfAbsent(v[i], k -> new ArrayList<>()).add(i);
    }
    List<Part> out = new ArrayList<>();
    for (Map.Entry<Long, List<Integer>> e : rows.entrySet()) {
      out.add(new Part(in, records.get(e.getKey()), cat.take(indices(e.getValue()))));
    }
    return out;
  }

  /** The registry's record of visit {@code id}, which must exist (once) and have the input's band. */
  private static DimensionRecord.Visit visitOf(long id, int row, Input in, List<DimensionRecord.Visit> visits) {
    List<DimensionRecord.Visit> found = new ArrayList<>();
    for (DimensionRecord.Visit v : visits) {
      if (v.id() == id) {
        found.add(v);
      }
    }
    String where = in.file() + ": row " + row + ": visit " + id;
    if (found.isEmpty()) {
      TreeSet<Long> ofBand = new TreeSet<>();
      for (DimensionRecord.Visit v : visits) {
        if (v.band().equals(in.band())) {
          ofBand.add(v.id());
        }
      }
      throw new InvalidInjectionCatalogException(where + " is not in the repository; visits of band " + in.band()
          + " are " + (ofBand.isEmpty() ? "none" : ofBand));
    }
    if (found.size() > 1) {
      throw new InvalidInjectionCatalogException(where + " exists for several instruments; ingest into a"
          + " repository with one instrument");
    }
    DimensionRecord.Visit v = found.get(0);
    if (!v.band().equals(in.band())) {
      throw new InvalidInjectionCatalogException(where + " has band '" + v.band() + "', but the file is ingested"
          + " as band '" + in.band() + "'");
    }
    return v;
  }

  /** Splits by sky position: every visit of the band gets the rows that fall on one of its detectors. */
  private static List<Part> byFootprint(Catalog cat, Input in, List<DimensionRecord.Visit> visits,
      Footprints footprints, Map<String, int[]> perBand) {
    List<DimensionRecord.Visit> ofBand = new ArrayList<>();
    for (DimensionRecord.Visit v : visits) {
      if (v.band().equals(in.band())) {
        ofBand.add(v);
      }
    }
    if (ofBand.isEmpty()) {
      throw new InvalidDataException(in.file() + ": the repository has no visit of band '" + in.band()
          + "' to put its rows in");
    }
    ofBand.sort(java.util.Comparator.comparing(DimensionRecord.Visit::instrument)
        .thenComparingLong(DimensionRecord.Visit::id));
    double[] ra = cat.doubleColumn(InjectionCatalogs.RA);
    double[] dec = cat.doubleColumn(InjectionCatalogs.DEC);
    boolean[] placed = new boolean[ra.length];
    List<Part> out = new ArrayList<>();
    for (DimensionRecord.Visit v : ofBand) {
      List<Integer> rows = new ArrayList<>();
      for (int i = 0; i < ra.length; i++) {
        if (footprints.contains(v, ra[i], dec[i])) {
          rows.add(i);
          placed[i] = true;
        }
      }
      if (rows.isEmpty()) {
        continue;
      }
      long[] ids = new long[rows.size()];
      java.util.Arrays.fill(ids, v.id());
      Catalog part = cat.take(indices(rows)).withColumn(Column.ofLongs(InjectionCatalogs.VISIT, ids, "", "visit"));
      out.add(new Part(in, v, part));
    }
    int outside = 0;
    for (boolean p : placed) {
      outside += p ? 0 : 1;
    }
    perBand.computeIfAbsent(in.band(), b -> new int[3])[2] += outside;
    return out;
  }

  /** No visit gets rows from two inputs; RUN is a RUN (or new) without injection catalogues of these visits. */
  private void checkTargets(Registry registry, List<Part> parts, DatasetType type) {
    Map<List<Object>, Part> byVisit = new HashMap<>();
    for (Part p : parts) {
      Part before = byVisit.put(List.of(p.visit().instrument(), p.visit().id()), p);
      if (before != null) {
        throw new InvalidDataException("visit " + p.visit().id() + " gets rows from both " + before.input().file()
            + " and " + p.input().file() + "; give them in one file");
      }
    }
    CollectionInfo existing = null;
    for (CollectionInfo c : registry.queryCollections()) {
      if (c.name().equals(run)) {
        existing = c;
      }
    }
    if (existing == null || parts.isEmpty()) {
      return;
    }
    if (existing.type() != CollectionType.RUN) {
      throw new InvalidDataException("-o " + run + " is a " + existing.type() + " collection; expected a RUN");
    }
    boolean typeKnown = registry.queryDatasetTypes().stream().anyMatch(t -> t.name().equals(type.name()));
    if (!typeKnown) {
      return;
    }
    for (Part p : parts) {
      DataId id = DataId.of(Map.of(Dimension.INSTRUMENT.key(), p.visit().instrument(),
          Dimension.VISIT.key(), p.visit().id()));
      if (registry.findDataset(type.name(), id, List.of(run)).isPresent()) {
        throw new InvalidDataException("run " + run + " already has an injection_catalog for visit "
            + p.visit().id() + "; ingest into a new run");
      }
    }
  }

  private static int[] indices(List<Integer> rows) {
    int[] out = new int[rows.size()];
    for (int k = 0; k < out.length; k++) {
      out[k] = rows.get(k);
    }
    return out;
  }

  /**
   * The detectors' sky footprints of each visit, loaded on first use: the calexps' WCS and pixel boxes (the first
   * calexp of each visit-detector found in the RUN collections, in registry order), or the visit's region when it has
   * no calexp. Not thread-safe.
   */
  private static final class Footprints {
    private final Repository repo;
    private final Map<List<Object>, List<DatasetRef>> calexps = new HashMap<>();
    private final Map<List<Object>, List<Detector>> loaded = new HashMap<>();

    /** A detector's footprint with a cheap bounding circle to skip far-away rows before projecting. */
    private record Detector(DetectorFootprint footprint, SkyCoord centre, double radiusDeg) {}

    Footprints(Repository repo) {
      this.repo = repo;
      Registry registry = repo.registry();
      boolean known = registry.queryDatasetTypes().stream().anyMatch(t -> t.name().equals(CALEXP));
      if (!known) {
        return;
      }
      List<String> runs = new ArrayList<>();
      for (CollectionInfo c : registry.queryCollections()) {
        if (c.type() == CollectionType.RUN) {
          runs.add(c.name());
        }
      }
      Map<List<Object>, DatasetRef> first = new LinkedHashMap<>();
      for (DatasetRef ref : registry.queryDatasets(List.of(CALEXP), runs, SqlPredicate.all())) {
        DataId d = ref.dataId();
        first.putIfAbsent(List.of(d.getString(Dimension.INSTRUMENT), d.getLong(Dimension.VISIT),
            d.getLong(Dimension.DETECTOR)), ref);
      }
      for (Map.Entry<List<Object>, DatasetRef> e : first.entrySet()) {
        calexps.computeIfAbsent(e.getKey().subList(0, 2), k -> new ArrayList<>()).add(e.getValue());
      }
    }

    /** Whether (ra, dec) falls on one of the visit's detectors (or in its region, without calexps). */
    boolean contains(DimensionRecord.Visit visit, double ra, double dec) {
      List<Object> key = List.of(visit.instrument(), visit.id());
      List<DatasetRef> refs = calexps.get(key);
      if (refs == null) {
        return visit.region() != null && inBox(visit.region(), ra, dec);
      }
      SkyCoord p = new SkyCoord(ra, dec);
      for (Detector d : loaded.computeIfAbsent(key, k -> load(refs))) {
        if (d.centre().separationDeg(p) > d.radiusDeg()) {
          continue;
        }
        double[] xy = d.footprint().wcs().skyToPixel(ra, dec);
        if (d.footprint().contains(xy[0], xy[1])) {
          return true;
        }
      }
      return false;
    }

    private List<Detector> load(List<DatasetRef> refs) {
      List<Detector> out = new ArrayList<>();
      for (DatasetRef ref : refs) {
        Exposure e = repo.butler().get(ref, Exposure.class);
        if (e.wcs().isEmpty()) {
          LOG.warn("calexp {} has no WCS; its detector gets no injected rows", ref.dataId());
          continue;
        }
        Wcs wcs = e.wcs().get();
        int x0 = e.image().x0();
        int y0 = e.image().y0();
        DetectorFootprint fp = new DetectorFootprint((int) ref.dataId().getLong(Dimension.DETECTOR), wcs, x0, y0,
            e.width(), e.height());
        SkyCoord centre = wcs.pixelToSky(x0 - 0.5 + 0.5 * e.width(), y0 - 0.5 + 0.5 * e.height());
        double radius = 0;
        for (double[] c : new double[][] {{0, 0}, {1, 0}, {0, 1}, {1, 1}}) {
          SkyCoord corner = wcs.pixelToSky(x0 - 0.5 + c[0] * e.width(), y0 - 0.5 + c[1] * e.height());
          radius = Math.max(radius, centre.separationDeg(corner));
        }
        /* A margin for distortion between the corners; rows inside the circle are then tested exactly. */
        out.add(new Detector(fp, centre, 1.2 * radius));
      }
      return out;
    }

    private static boolean inBox(SkyBox b, double ra, double dec) {
      if (dec < b.decMin() || dec > b.decMax()) {
        return false;
      }
      return b.raMin() <= b.raMax() ? ra >= b.raMin() && ra <= b.raMax() : ra >= b.raMin() || ra <= b.raMax();
    }
  }
}
