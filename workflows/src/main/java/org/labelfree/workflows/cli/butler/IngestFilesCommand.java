package org.labelfree.workflows.cli.butler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.Callable;
import org.labelfree.image.Exposure;
import org.labelfree.pipeline.Messages;
import org.labelfree.pipeline.repo.CollectionType;
import org.labelfree.pipeline.repo.ConflictException;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.DatasetRef;
import org.labelfree.pipeline.repo.DatasetType;
import org.labelfree.pipeline.repo.DatastoreException;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.repo.DimensionRecord;
import org.labelfree.pipeline.repo.Formatter;
import org.labelfree.pipeline.repo.InvalidDataIdException;
import org.labelfree.pipeline.repo.NotFoundException;
import org.labelfree.pipeline.repo.Registry;
import org.labelfree.pipeline.repo.Repository;
import org.labelfree.pipeline.repo.SkyBox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code labelfree butler ingest-files REPO DATASET_TYPE RUN FILE... [--data-id key=value]... [--from-header]
 * [--storage-class S] [--dimensions D,...] [--json]}: copies files into the datastore as datasets of RUN (Gen3's
 * transfer mode "copy").
 *
 * <p>The dataset type is registered if new, by default with storage class {@code Exposure} and dimensions
 * instrument, visit, detector (FITS images); {@code --storage-class} and {@code --dimensions} override (and must then
 * agree with a registered type). Each file's data ID comes from {@code --data-id} values and, with
 * {@code --from-header}, from its FITS header cards (see {@link HeaderValues}); explicit values win. Dimension records
 * are inserted where the information is there: the instrument, the detector (named by {@code DETPOS}), and the
 * visit when band, physical filter, MJD and exposure time are known (its sky region the union of the WCS footprints
 * of the files ingested for it). A record already in the registry is kept; one that contradicts it (another band)
 * is an error.
 *
 * <p>Everything is checked before anything is written: every file is read through the storage class's formatter,
 * every data ID determined; a file that cannot be read, a value that cannot be determined, two files with one data
 * ID: an error naming the file, and the registry and datastore stay untouched.
 */
@Command(name = "ingest-files", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Copy files into the repository as datasets of RUN, with data IDs from --data-id and/or FITS "
        + "header cards.")
final class IngestFilesCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(IngestFilesCommand.class);
  static final String DEFAULT_STORAGE_CLASS = "Exposure";
  static final Set<Dimension> DEFAULT_DIMENSIONS = EnumSet.of(Dimension.INSTRUMENT, Dimension.VISIT,
      Dimension.DETECTOR);

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "REPO", description = "The repository.")
  Path repo;

  @Parameters(index = "1", paramLabel = "DATASET_TYPE", description = "Dataset type, e.g. calexp.")
  String datasetType;

  @Parameters(index = "2", paramLabel = "RUN", description = "The RUN collection to ingest into (created if new).")
  String run;

  @Parameters(index = "3..*", arity = "1..*", paramLabel = "FILE", description = "The files to ingest.")
  List<Path> files;

  @Option(names = "--data-id", paramLabel = "KEY=VALUE",
      description = "A data ID value for every file, e.g. --data-id instrument=DECam --data-id visit=4; wins over "
          + "header values.")
  List<String> dataIdArgs = new ArrayList<>();

  @Option(names = "--from-header", description = "Read data ID values from FITS header cards: instrument INSTRUME, "
      + "visit EXPNUM|VISIT, detector CCDNUM|DETECTOR, band BAND|first word of FILTER, physical_filter FILTER.")
  boolean fromHeader;

  @Option(names = "--storage-class", paramLabel = "NAME",
      description = "Storage class of a new dataset type (default: Exposure).")
  String storageClass;

  @Option(names = "--dimensions", paramLabel = "D,...", split = ",",
      description = "Dimensions of a new dataset type (default: instrument,visit,detector).")
  List<String> dimensions;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  /** What pass one learned about a file. */
  private record Planned(Path file, DataId dataId, Map<Dimension, Object> values, HeaderValues header,
      SkyBox region) {}

  @Override
  public Integer call() {
    Map<Dimension, Object> explicit = parseDataIds(dataIdArgs);
    try (Repository r = Repository.open(repo)) {
      Registry registry = r.registry();
      DatasetType type = datasetType(registry);
      checkExplicitKeys(explicit, type);
      Formatter<?> formatter = r.formatters().get(type.storageClass());

      /* Pass one: read every file, determine its data ID and what the records need; write nothing. */
      List<Planned> plan = new ArrayList<>();
      Map<DataId, Path> seen = new HashMap<>();
      for (Path file : files) {
        Planned p = plan(file, type, formatter, explicit);
        Path other = seen.putIfAbsent(p.dataId(), file);
        if (other != null) {
          throw new InvalidDataIdException(file + " and " + other + " both have data ID " + p.dataId()
              + " for " + type.name() + "; give each file its own --data-id or ingest them separately");
        }
        plan.add(p);
      }
      List<DimensionRecord> records = records(plan, registry);

      /* Pass two: register, insert records, then copy and register each file. */
      registry.registerDatasetType(type);
      registry.registerCollection(run, CollectionType.RUN, null);
      if (!records.isEmpty()) {
        registry.insertDimensionRecords(records);
      }
      List<Map<String, Object>> out = new ArrayList<>();
      List<List<String>> rows = new ArrayList<>();
      for (Planned p : plan) {
        DatasetRef ref = r.butler().ingest(p.file(), type, p.dataId(), run);
        DataId expanded = registry.expandDataId(ref.dataId());
        Map<String, Object> m = Cli.json(ref, expanded);
        m.put("source", p.file().toString());
        out.add(m);
        rows.add(List.of(ref.datasetType().name(), ref.run(), expanded.toString(), ref.file().path(),
            p.file().toString()));
        LOG.info("Ingested {} as {}", p.file(), ref.describe());
      }
      if (json) {
        Cli.printJson(spec.commandLine().getOut(), out);
      } else {
        Cli.printTable(spec.commandLine().getOut(), List.of("type", "run", "data ID", "path", "source"), rows);
      }
    }
    return 0;
  }

  /** The {@code --data-id} values by dimension (strings; DataId converts them). */
  static Map<Dimension, Object> parseDataIds(List<String> args) {
    Map<Dimension, Object> out = new EnumMap<>(Dimension.class);
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq <= 0 || eq == a.length() - 1) {
        throw new InvalidDataIdException("--data-id '" + Messages.sanitize(a)
            + "': expected KEY=VALUE, e.g. --data-id visit=4");
      }
      String key = a.substring(0, eq).strip();
      String value = a.substring(eq + 1).strip();
      Dimension d = Cli.dimension(key, "--data-id '" + Messages.sanitize(a) + "'");
      try {
        DataId.of(Map.of(d.key(), value));
      } catch (IllegalArgumentException e) {
        throw new InvalidDataIdException("--data-id '" + Messages.sanitize(a) + "': " + e.getMessage());
      }
      Object previous = out.put(d, value);
      if (previous != null && !previous.equals(value)) {
        throw new InvalidDataIdException("--data-id " + d.key() + " is given twice ('" + Messages.sanitize(previous)
            + "' and '" + Messages.sanitize(value) + "')");
      }
    }
    return out;
  }

  /** The registered type, or the one to register from the options (defaults for FITS images). */
  private DatasetType datasetType(Registry registry) {
    Set<Dimension> dims = EnumSet.noneOf(Dimension.class);
    for (String d : Cli.commaList(dimensions)) {
      dims.add(Cli.dimension(d, "--dimensions"));
    }
    DatasetType registered = null;
    try {
      registered = registry.getDatasetType(datasetType);
    } catch (NotFoundException e) {
      /* New: registered from the options in pass two. */
    }
    DatasetType wanted;
    try {
      wanted = new DatasetType(datasetType, dimensions == null ? (registered == null ? DEFAULT_DIMENSIONS
          : registered.dimensions()) : dims, storageClass != null ? storageClass
          : (registered == null ? DEFAULT_STORAGE_CLASS : registered.storageClass()));
    } catch (IllegalArgumentException e) {
      throw new InvalidDataIdException("DATASET_TYPE: " + Messages.sanitize(e.getMessage()));
    }
    if (registered != null && !registered.equals(wanted)) {
      throw new ConflictException("dataset type " + datasetType + " is registered as " + registered
          + "; --storage-class/--dimensions ask for " + wanted);
    }
    return wanted;
  }

  /** An explicit key must be a dimension of the type, or band/physical_filter implied by its visit. */
  private static void checkExplicitKeys(Map<Dimension, Object> explicit, DatasetType type) {
    for (Dimension d : explicit.keySet()) {
      boolean implied = type.dimensions().contains(Dimension.VISIT)
          && (d == Dimension.BAND || d == Dimension.PHYSICAL_FILTER);
      if (!type.dimensions().contains(d) && !implied) {
        throw new InvalidDataIdException("--data-id " + d.key() + ": dataset type " + type.name()
            + " has no dimension " + d.key() + "; its dimensions are " + type.dimensions());
      }
    }
  }

  private Planned plan(Path file, DatasetType type, Formatter<?> formatter, Map<Dimension, Object> explicit) {
    if (!Files.isRegularFile(file)) {
      throw new DatastoreException("cannot ingest " + file + ": it does not exist or is not a regular file");
    }
    HeaderValues header = fromHeader ? HeaderValues.read(file) : null;
    Map<Dimension, Object> values = new EnumMap<>(Dimension.class);
    if (header != null) {
      for (Dimension d : Dimension.values()) {
        header.value(d).ifPresent(v -> values.put(d, v));
      }
    }
    values.putAll(explicit);
    Map<String, Object> id = new LinkedHashMap<>();
    for (Dimension d : type.dimensions()) {
      Object v = values.get(d);
      if (v == null) {
        throw new InvalidDataIdException(missing(file, d));
      }
      id.put(d.key(), v);
    }
    DataId dataId;
    try {
      dataId = DataId.of(id);
    } catch (IllegalArgumentException e) {
      throw new InvalidDataIdException(file + ": " + e.getMessage());
    }
    Object object = readThrough(file, type, formatter);
    SkyBox region = null;
    if (object instanceof Exposure e && e.wcs().isPresent()) {
      try {
        region = HeaderValues.footprint(e.wcs().get(), e.image().x0(), e.image().y0(), e.width(), e.height());
      } catch (RuntimeException ex) {
        LOG.warn("{}: no sky region for the visit record: the WCS footprint cannot be computed: {}", file,
            ex.getMessage());
      }
    }
    return new Planned(file, dataId, values, header, region);
  }

  private String missing(Path file, Dimension d) {
    List<String> keys = HeaderValues.keywords(d);
    String option = "--data-id " + d.key() + "=" + (d.kind() == Dimension.Kind.INTEGER ? "N" : "VALUE");
    if (fromHeader && !keys.isEmpty()) {
      return file + ": cannot determine " + d.key() + ": no usable header keyword " + String.join(" or ", keys)
          + "; give " + option;
    }
    if (fromHeader) {
      return file + ": cannot determine " + d.key() + ": no header keyword gives it; give " + option;
    }
    return file + ": no value for " + d.key() + "; give " + option
        + (keys.isEmpty() ? "" : " or --from-header to read it from " + String.join(" or ", keys));
  }

  /** Reads the file through the formatter (a check, and the exposure's WCS for the visit region). */
  private static Object readThrough(Path file, DatasetType type, Formatter<?> formatter) {
    try {
      return formatter.read(file);
    } catch (IOException | RuntimeException e) {
      throw new DatastoreException("cannot ingest " + file + " as " + type.name() + ": it is not a readable "
          + type.storageClass() + " file (" + formatter.getClass().getSimpleName() + "): " + e.getMessage(), e);
    }
  }

  /** The dimension records to insert: new ones only; those that contradict the registry are an error. */
  private static List<DimensionRecord> records(List<Planned> plan, Registry registry) {
    Map<String, DimensionRecord.Instrument> instruments = new LinkedHashMap<>();
    Map<List<Object>, DimensionRecord.Detector> detectors = new LinkedHashMap<>();
    Map<List<Object>, DimensionRecord.Visit> visits = new LinkedHashMap<>();
    Map<List<Object>, Path> visitSource = new HashMap<>();
    for (Planned p : plan) {
      Object instrument = p.values().get(Dimension.INSTRUMENT);
      if (!(instrument instanceof String inst)) {
        continue;
      }
      instruments.putIfAbsent(inst, new DimensionRecord.Instrument(inst));
      Long detector = asLong(p.values().get(Dimension.DETECTOR));
      if (detector != null) {
        String name = Optional.ofNullable(p.header()).flatMap(HeaderValues::detectorName)
            .orElse(String.valueOf(detector));
        detectors.putIfAbsent(List.of(inst, detector), new DimensionRecord.Detector(inst, detector, name));
      }
      Long visit = asLong(p.values().get(Dimension.VISIT));
      Object band = p.values().get(Dimension.BAND);
      Object filter = p.values().get(Dimension.PHYSICAL_FILTER);
      if (visit == null || band == null || filter == null || p.header() == null) {
        continue;
      }
      OptionalDouble mjd = p.header().mjdMid();
      OptionalDouble exptime = p.header().exposureTime();
      if (mjd.isEmpty() || exptime.isEmpty()) {
        LOG.info("{}: no visit record for visit {}: MJD-AVG/MJD-OBS or EXPTIME missing", p.file(), visit);
        continue;
      }
      List<Object> key = List.of(inst, visit);
      DimensionRecord.Visit v = new DimensionRecord.Visit(inst, visit, band.toString(), filter.toString(),
          mjd.getAsDouble(), exptime.getAsDouble(), p.region());
      DimensionRecord.Visit before = visits.get(key);
      if (before == null) {
        visits.put(key, v);
        visitSource.put(key, p.file());
      } else {
        if (!before.band().equals(v.band()) || !before.physicalFilter().equals(v.physicalFilter())) {
          throw new InvalidDataIdException(p.file() + ": visit " + visit + " has band '" + Messages.sanitize(v.band())
              + "', physical_filter '" + Messages.sanitize(v.physicalFilter()) + "', but "
              + visitSource.get(key) + " has '" + Messages.sanitize(before.band()) + "', '"
              + Messages.sanitize(before.physicalFilter()) + "'");
        }
        SkyBox region = before.region() == null ? v.region()
            : v.region() == null ? before.region() : HeaderValues.union(before.region(), v.region());
        visits.put(key, new DimensionRecord.Visit(inst, visit, before.band(), before.physicalFilter(),
            before.mjdMid(), before.exposureTime(), region));
      }
    }
    List<DimensionRecord> out = new ArrayList<>(instruments.values());
    Map<List<Object>, DimensionRecord.Detector> knownDetectors = new HashMap<>();
    for (DimensionRecord.Detector d : registry.queryDimensionRecords(DimensionRecord.Detector.class)) {
      knownDetectors.put(List.of(d.instrument(), d.id()), d);
    }
    detectors.forEach((k, d) -> {
      if (!knownDetectors.containsKey(k)) {
        out.add(d);
      }
    });
    Map<List<Object>, DimensionRecord.Visit> knownVisits = new HashMap<>();
    for (DimensionRecord.Visit v : registry.queryDimensionRecords(DimensionRecord.Visit.class)) {
      knownVisits.put(List.of(v.instrument(), v.id()), v);
    }
    for (Map.Entry<List<Object>, DimensionRecord.Visit> e : visits.entrySet()) {
      DimensionRecord.Visit known = knownVisits.get(e.getKey());
      DimensionRecord.Visit v = e.getValue();
      if (known == null) {
        out.add(v);
      } else if (!known.band().equals(v.band()) || !known.physicalFilter().equals(v.physicalFilter())) {
        throw new ConflictException(visitSource.get(e.getKey()) + ": visit " + v.id() + " of " + v.instrument()
            + " is registered with band '" + known.band() + "', physical_filter '" + known.physicalFilter()
            + "'; the file says '" + Messages.sanitize(v.band()) + "', '" + Messages.sanitize(v.physicalFilter())
            + "'");
      }
    }
    return out;
  }

  private static Long asLong(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Long l) {
      return l;
    }
    try {
      return Long.parseLong(v.toString().strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
