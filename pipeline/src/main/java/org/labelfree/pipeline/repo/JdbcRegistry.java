package org.labelfree.pipeline.repo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.labelfree.pipeline.query.SqlPredicate;

/**
 * The {@link Registry} over JDBC with one portable schema (SQLite, PostgreSQL). Thread-safe: every public method
 * is synchronised on this object, which owns one connection.
 */
final class JdbcRegistry implements Registry {
  static final String SCHEMA_VERSION = "1";

  private static final String DIMENSION_COLUMNS = java.util.Arrays.stream(Dimension.values())
      .map(Dimension::key).collect(Collectors.joining(", "));
  private static final String DATASET_COLUMNS = "ds.id, ds.dataset_type, ds.run, "
      + java.util.Arrays.stream(Dimension.values()).map(d -> "ds." + d.key()).collect(Collectors.joining(", "))
      + ", ds.path, ds.size_bytes, ds.checksum";

  private static final List<String> SCHEMA = List.of(
      "CREATE TABLE IF NOT EXISTS repository_meta (name VARCHAR(64) PRIMARY KEY, value TEXT NOT NULL)",
      "CREATE TABLE IF NOT EXISTS dataset_type (name VARCHAR(64) PRIMARY KEY, dimensions TEXT NOT NULL,"
          + " storage_class VARCHAR(64) NOT NULL)",
      "CREATE TABLE IF NOT EXISTS collection (name VARCHAR(255) PRIMARY KEY, type VARCHAR(8) NOT NULL"
          + " CHECK (type IN ('RUN', 'CHAINED', 'TAGGED')), doc TEXT NOT NULL)",
      "CREATE TABLE IF NOT EXISTS collection_chain (parent VARCHAR(255) NOT NULL REFERENCES collection (name),"
          + " position INTEGER NOT NULL, child VARCHAR(255) NOT NULL REFERENCES collection (name),"
          + " PRIMARY KEY (parent, position))",
      "CREATE TABLE IF NOT EXISTS dataset (id CHAR(36) PRIMARY KEY,"
          + " dataset_type VARCHAR(64) NOT NULL REFERENCES dataset_type (name),"
          + " run VARCHAR(255) NOT NULL REFERENCES collection (name),"
          + " instrument TEXT, band TEXT, physical_filter TEXT, visit BIGINT, detector BIGINT, skymap TEXT,"
          + " tract BIGINT, patch BIGINT, data_id TEXT NOT NULL, path TEXT NOT NULL, size_bytes BIGINT NOT NULL,"
          + " checksum CHAR(64) NOT NULL, UNIQUE (dataset_type, run, data_id), UNIQUE (path))",
      "CREATE INDEX IF NOT EXISTS dataset_run ON dataset (run)",
      "CREATE INDEX IF NOT EXISTS dataset_visit ON dataset (visit, detector)",
      "CREATE TABLE IF NOT EXISTS dataset_tag (collection VARCHAR(255) NOT NULL REFERENCES collection (name),"
          + " dataset_id CHAR(36) NOT NULL REFERENCES dataset (id), PRIMARY KEY (collection, dataset_id))",
      "CREATE TABLE IF NOT EXISTS instrument (name TEXT PRIMARY KEY)",
      "CREATE TABLE IF NOT EXISTS detector (instrument TEXT NOT NULL REFERENCES instrument (name), id BIGINT NOT NULL,"
          + " name TEXT NOT NULL, PRIMARY KEY (instrument, id))",
      "CREATE TABLE IF NOT EXISTS visit (instrument TEXT NOT NULL REFERENCES instrument (name), id BIGINT NOT NULL,"
          + " band TEXT NOT NULL, physical_filter TEXT NOT NULL, mjd_mid DOUBLE PRECISION NOT NULL,"
          + " exposure_time DOUBLE PRECISION NOT NULL, ra_min DOUBLE PRECISION, ra_max DOUBLE PRECISION,"
          + " dec_min DOUBLE PRECISION, dec_max DOUBLE PRECISION, PRIMARY KEY (instrument, id))",
      "CREATE TABLE IF NOT EXISTS skymap (name TEXT PRIMARY KEY)",
      "CREATE TABLE IF NOT EXISTS tract (skymap TEXT NOT NULL REFERENCES skymap (name), id BIGINT NOT NULL,"
          + " ra_min DOUBLE PRECISION, ra_max DOUBLE PRECISION, dec_min DOUBLE PRECISION, dec_max DOUBLE PRECISION,"
          + " PRIMARY KEY (skymap, id))",
      "CREATE TABLE IF NOT EXISTS patch (skymap TEXT NOT NULL, tract BIGINT NOT NULL, id BIGINT NOT NULL,"
          + " ra_min DOUBLE PRECISION, ra_max DOUBLE PRECISION, dec_min DOUBLE PRECISION, dec_max DOUBLE PRECISION,"
          + " PRIMARY KEY (skymap, tract, id), FOREIGN KEY (skymap, tract) REFERENCES tract (skymap, id))");

  /** A unit of database work. */
  @FunctionalInterface
  private interface Work<T> {
    T run() throws SQLException;
  }

  private final String url;
  private final Connection connection;
  private final Map<String, DatasetType> typeCache = new HashMap<>();
  private int transactionDepth;
  private boolean closed;

  private JdbcRegistry(String url, Connection connection) {
    this.url = url;
    this.connection = connection;
  }

  /**
   * Creates the schema in the database at {@code url} (which may already hold an empty database) and opens it.
   *
   * @throws RegistryException if the database cannot be reached or the schema cannot be created
   */
  static JdbcRegistry create(String url) {
    JdbcRegistry r = connect(url);
    try {
      r.transaction("creating the registry schema", () -> {
        try (var st = r.connection.createStatement()) {
          for (String ddl : SCHEMA) {
            st.execute(ddl);
          }
        }
        if (r.queryString("SELECT value FROM repository_meta WHERE name = ?", "schema_version").isEmpty()) {
          r.update("INSERT INTO repository_meta (name, value) VALUES (?, ?)", "schema_version", SCHEMA_VERSION);
        }
        return null;
      });
    } catch (RuntimeException e) {
      r.close();
      throw e;
    }
    return r;
  }

  /**
   * Opens an existing registry, checking its schema version.
   *
   * @throws NotARepositoryException if the database has no labelfree schema or another version
   */
  static JdbcRegistry open(String url) {
    JdbcRegistry r = connect(url);
    Optional<String> version;
    try {
      version = r.queryString("SELECT value FROM repository_meta WHERE name = ?", "schema_version");
    } catch (SQLException e) {
      r.close();
      throw new NotARepositoryException("not a labelfree repository: registry " + Names.sanitize(url)
          + " has no labelfree schema (" + e.getMessage() + ")", e);
    }
    if (!version.equals(Optional.of(SCHEMA_VERSION))) {
      r.close();
      throw new NotARepositoryException("not a labelfree repository: registry " + Names.sanitize(url)
          + " has schema version " + version.orElse("(none)") + "; expected " + SCHEMA_VERSION);
    }
    return r;
  }

  private static JdbcRegistry connect(String url) {
    try {
      return new JdbcRegistry(url, SqlDialect.forUrl(url).connect(url));
    } catch (SQLException e) {
      throw new RegistryException("cannot connect to registry " + Names.sanitize(url) + ": " + e.getMessage(), e);
    }
  }

  /* ---------------------------------------------------------------- dataset types */

  @Override
  public synchronized boolean registerDatasetType(DatasetType type) {
    Objects.requireNonNull(type, "type");
    return transaction("registering dataset type " + type.name(), () -> {
      Optional<DatasetType> existing = loadDatasetType(type.name());
      if (existing.isPresent()) {
        if (!existing.get().equals(type)) {
          throw new ConflictException("dataset type " + type.name() + " is registered with dimensions "
              + existing.get().dimensions() + " and storage class " + existing.get().storageClass()
              + "; cannot register it with dimensions " + type.dimensions() + " and storage class "
              + type.storageClass());
        }
        return false;
      }
      update("INSERT INTO dataset_type (name, dimensions, storage_class) VALUES (?, ?, ?)", type.name(),
          dimensionList(type.dimensions()), type.storageClass());
      return true;
    });
  }

  @Override
  public synchronized DatasetType getDatasetType(String name) {
    Objects.requireNonNull(name, "name");
    return read("reading dataset type", () -> loadDatasetType(name)).orElseThrow(() -> new NotFoundException(
        "dataset type '" + Names.sanitize(name) + "' is not registered; registered: "
            + queryDatasetTypes().stream().map(DatasetType::name).collect(Collectors.toList())));
  }

  @Override
  public synchronized List<DatasetType> queryDatasetTypes() {
    return read("listing dataset types", () -> {
      List<DatasetType> out = new ArrayList<>();
      try (PreparedStatement ps = connection.prepareStatement(
          "SELECT name, dimensions, storage_class FROM dataset_type ORDER BY name")) {
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(datasetTypeOf(rs.getString(1), rs.getString(2), rs.getString(3)));
          }
        }
      }
      out.sort(Comparator.comparing(DatasetType::name));
      return out;
    });
  }

  private Optional<DatasetType> loadDatasetType(String name) throws SQLException {
    DatasetType cached = typeCache.get(name);
    if (cached != null) {
      return Optional.of(cached);
    }
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT name, dimensions, storage_class FROM dataset_type WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        DatasetType t = datasetTypeOf(rs.getString(1), rs.getString(2), rs.getString(3));
        typeCache.put(name, t);
        return Optional.of(t);
      }
    }
  }

  private static DatasetType datasetTypeOf(String name, String dimensions, String storageClass) {
    Set<Dimension> dims = EnumSet.noneOf(Dimension.class);
    if (!dimensions.isEmpty()) {
      for (String k : dimensions.split(",")) {
        dims.add(Dimension.byKey(k).orElseThrow(() -> new RegistryException("dataset type " + name
            + " has unknown dimension '" + Names.sanitize(k) + "' in the registry")));
      }
    }
    return new DatasetType(name, dims, storageClass);
  }

  private static String dimensionList(Set<Dimension> dims) {
    return new TreeSet<>(dims).stream().map(Dimension::key).collect(Collectors.joining(","));
  }

  /* ---------------------------------------------------------------- collections */

  @Override
  public synchronized boolean registerCollection(String name, CollectionType type, String doc) {
    Names.checkCollection(name, "collection");
    Objects.requireNonNull(type, "type");
    return transaction("registering collection " + name, () -> registerCollectionTx(name, type, doc));
  }

  private boolean registerCollectionTx(String name, CollectionType type, String doc) throws SQLException {
    Optional<CollectionType> existing = collectionType(name);
    if (existing.isPresent()) {
      if (existing.get() != type) {
        throw new ConflictException("collection " + name + " exists as " + existing.get() + "; expected " + type);
      }
      return false;
    }
    update("INSERT INTO collection (name, type, doc) VALUES (?, ?, ?)", name, type.name(), doc == null ? "" : doc);
    return true;
  }

  private Optional<CollectionType> collectionType(String name) throws SQLException {
    return queryString("SELECT type FROM collection WHERE name = ?", name).map(CollectionType::valueOf);
  }

  private CollectionType requireCollection(String name) throws SQLException {
    return collectionType(name).orElseThrow(() -> new NotFoundException("collection '" + Names.sanitize(name)
        + "' does not exist"));
  }

  @Override
  public synchronized void setChain(String parent, List<String> children) {
    Names.checkCollection(parent, "collection");
    Objects.requireNonNull(children, "children");
    transaction("setting chain " + parent, () -> {
      Set<String> seen = new LinkedHashSet<>();
      for (String child : children) {
        Names.checkCollection(child, "collection");
        if (!seen.add(child)) {
          throw new ConflictException("chain " + parent + " lists " + child + " twice");
        }
        requireCollection(child);
      }
      registerCollectionTx(parent, CollectionType.CHAINED, null);
      for (String child : children) {
        List<String> path = pathTo(child, parent, new ArrayList<>());
        if (path != null) {
          throw new ConflictException("chain " + parent + " -> " + child + " would form a cycle: " + parent + " -> "
              + String.join(" -> ", path));
        }
      }
      update("DELETE FROM collection_chain WHERE parent = ?", parent);
      for (int i = 0; i < children.size(); i++) {
        update("INSERT INTO collection_chain (parent, position, child) VALUES (?, ?, ?)", parent, i, children.get(i));
      }
      return null;
    });
  }

  /** The chain path from {@code from} down to {@code target} (both included), or null if none. */
  private List<String> pathTo(String from, String target, List<String> trail) throws SQLException {
    trail.add(from);
    if (from.equals(target)) {
      return trail;
    }
    for (String c : chainChildren(from)) {
      List<String> p = pathTo(c, target, new ArrayList<>(trail));
      if (p != null) {
        return p;
      }
    }
    return null;
  }

  private List<String> chainChildren(String parent) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT child FROM collection_chain WHERE parent = ? ORDER BY position")) {
      ps.setString(1, parent);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  @Override
  public synchronized CollectionInfo getCollection(String name) {
    Objects.requireNonNull(name, "name");
    return read("reading collection", () -> collectionInfo(name, requireCollection(name)));
  }

  private CollectionInfo collectionInfo(String name, CollectionType type) throws SQLException {
    String doc = queryString("SELECT doc FROM collection WHERE name = ?", name).orElse("");
    return new CollectionInfo(name, type, doc, type == CollectionType.CHAINED ? chainChildren(name) : List.of());
  }

  @Override
  public synchronized List<CollectionInfo> queryCollections() {
    return read("listing collections", () -> {
      Map<String, CollectionType> all = new LinkedHashMap<>();
      try (PreparedStatement ps = connection.prepareStatement("SELECT name, type FROM collection ORDER BY name")) {
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            all.put(rs.getString(1), CollectionType.valueOf(rs.getString(2)));
          }
        }
      }
      List<CollectionInfo> out = new ArrayList<>();
      for (Map.Entry<String, CollectionType> e : all.entrySet()) {
        out.add(collectionInfo(e.getKey(), e.getValue()));
      }
      out.sort(Comparator.comparing(CollectionInfo::name));
      return out;
    });
  }

  @Override
  public synchronized List<String> resolveCollections(List<String> searchPath) {
    Objects.requireNonNull(searchPath, "searchPath");
    return read("resolving collections", () -> {
      Set<String> out = new LinkedHashSet<>();
      for (String c : searchPath) {
        flatten(c, out, 0);
      }
      return List.copyOf(out);
    });
  }

  private void flatten(String name, Set<String> out, int depth) throws SQLException {
    if (depth > 100) {
      throw new ConflictException("collection chain through " + name + " is nested more than 100 deep (a cycle?)");
    }
    CollectionType t = requireCollection(name);
    if (t == CollectionType.CHAINED) {
      for (String c : chainChildren(name)) {
        flatten(c, out, depth + 1);
      }
    } else {
      out.add(name);
    }
  }

  @Override
  public synchronized void associate(String tagged, Collection<UUID> datasetIds) {
    Objects.requireNonNull(tagged, "tagged");
    transaction("tagging datasets into " + tagged, () -> {
      CollectionType t = requireCollection(tagged);
      if (t != CollectionType.TAGGED) {
        throw new ConflictException("collection " + tagged + " is " + t + "; datasets can only be tagged into a"
            + " TAGGED collection");
      }
      for (UUID id : datasetIds) {
        if (queryString("SELECT id FROM dataset WHERE id = ?", id.toString()).isEmpty()) {
          throw new NotFoundException("dataset " + id + " does not exist; cannot tag it into " + tagged);
        }
        if (queryString("SELECT dataset_id FROM dataset_tag WHERE collection = ? AND dataset_id = ?", tagged,
            id.toString()).isEmpty()) {
          update("INSERT INTO dataset_tag (collection, dataset_id) VALUES (?, ?)", tagged, id.toString());
        }
      }
      return null;
    });
  }

  /* ---------------------------------------------------------------- datasets */

  @Override
  public synchronized DataId expandDataId(DataId dataId) {
    Objects.requireNonNull(dataId, "dataId");
    if (dataId.get(Dimension.INSTRUMENT).isEmpty() || dataId.get(Dimension.VISIT).isEmpty()) {
      return dataId;
    }
    return read("expanding data ID " + dataId, () -> {
      Optional<DimensionRecord.Visit> v = loadVisit(dataId.getString(Dimension.INSTRUMENT),
          dataId.getLong(Dimension.VISIT));
      if (v.isEmpty()) {
        return dataId;
      }
      DataId out = dataId;
      out = implied(out, Dimension.BAND, v.get().band(), v.get());
      out = implied(out, Dimension.PHYSICAL_FILTER, v.get().physicalFilter(), v.get());
      return out;
    });
  }

  private static DataId implied(DataId dataId, Dimension d, String value, DimensionRecord.Visit visit) {
    Optional<Object> have = dataId.get(d);
    if (have.isEmpty()) {
      return dataId.with(d, value);
    }
    if (!have.get().equals(value)) {
      throw new InvalidDataIdException("data ID " + dataId + " has " + d + " '" + have.get() + "' but visit "
          + visit.id() + " of " + visit.instrument() + " was taken with " + d + " '" + value + "'");
    }
    return dataId;
  }

  @Override
  public synchronized void insertDataset(DatasetRef ref, DataId expanded) {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(expanded, "expanded");
    StoredFile file = Objects.requireNonNull(ref.file(), () -> "dataset " + ref.describe() + " has no stored file");
    if (!ref.datasetType().accepts(ref.dataId())
        || !expanded.subset(ref.datasetType().dimensions()).equals(ref.dataId())) {
      throw new InvalidDataIdException("data ID " + ref.dataId() + " (expanded " + expanded + ") does not fit dataset"
          + " type " + ref.datasetType().name() + " with dimensions " + ref.datasetType().dimensions());
    }
    Names.checkCollection(ref.run(), "run");
    transaction("inserting dataset " + ref.describe(), () -> {
      DatasetType registered = loadDatasetType(ref.datasetType().name()).orElseThrow(() -> new NotFoundException(
          "dataset type " + ref.datasetType().name() + " is not registered; register it before putting datasets"));
      if (!registered.equals(ref.datasetType())) {
        throw new ConflictException("dataset type " + ref.datasetType().name() + " is registered as " + registered
            + " but the dataset claims " + ref.datasetType());
      }
      registerCollectionTx(ref.run(), CollectionType.RUN, null);
      if (queryString("SELECT id FROM dataset WHERE id = ?", ref.id().toString()).isPresent()) {
        throw new ConflictException("dataset " + ref.describe() + " (id " + ref.id() + ") already exists");
      }
      Optional<String> other = queryString("SELECT id FROM dataset WHERE path = ?", file.path());
      if (other.isPresent()) {
        throw new ConflictException("dataset " + ref.describe() + " maps to file " + file.path()
            + ", which dataset " + other.get() + " already uses");
      }
      StringBuilder sql = new StringBuilder("INSERT INTO dataset (id, dataset_type, run, ").append(DIMENSION_COLUMNS)
          .append(", data_id, path, size_bytes, checksum) VALUES (?, ?, ?");
      for (int i = 0; i < Dimension.values().length + 4; i++) {
        sql.append(", ?");
      }
      sql.append(')');
      try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
        int i = 1;
        ps.setString(i++, ref.id().toString());
        ps.setString(i++, ref.datasetType().name());
        ps.setString(i++, ref.run());
        for (Dimension d : Dimension.values()) {
          Object v = expanded.get(d).orElse(null);
          int sqlType = d.kind() == Dimension.Kind.INTEGER ? Types.BIGINT : Types.VARCHAR;
          if (v == null) {
            ps.setNull(i++, sqlType);
          } else if (v instanceof Long l) {
            ps.setLong(i++, l);
          } else {
            ps.setString(i++, (String) v);
          }
        }
        ps.setString(i++, ref.dataId().toString());
        ps.setString(i++, file.path());
        ps.setLong(i++, file.sizeBytes());
        ps.setString(i, file.sha256());
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public synchronized void updateDatasetFile(UUID id, StoredFile file) {
    Objects.requireNonNull(file, "file");
    transaction("updating dataset " + id, () -> {
      int n = update("UPDATE dataset SET path = ?, size_bytes = ?, checksum = ? WHERE id = ?", file.path(),
          file.sizeBytes(), file.sha256(), id.toString());
      if (n != 1) {
        throw new NotFoundException("dataset " + id + " does not exist; cannot update its file");
      }
      return null;
    });
  }

  @Override
  public synchronized Optional<DatasetRef> getDataset(UUID id) {
    Objects.requireNonNull(id, "id");
    return read("reading dataset " + id, () -> firstRef("SELECT " + DATASET_COLUMNS + " FROM dataset ds WHERE"
        + " ds.id = ?", List.of(id.toString())));
  }

  @Override
  public synchronized Optional<DatasetRef> getDatasetByPath(String path) {
    Objects.requireNonNull(path, "path");
    return read("reading dataset at " + path, () -> firstRef("SELECT " + DATASET_COLUMNS + " FROM dataset ds WHERE"
        + " ds.path = ?", List.of(path)));
  }

  @Override
  public synchronized Optional<DatasetRef> findDataset(String datasetType, DataId dataId, List<String> collections) {
    Objects.requireNonNull(dataId, "dataId");
    DatasetType type = getDatasetType(datasetType);
    if (!type.accepts(dataId)) {
      throw new InvalidDataIdException("data ID " + dataId + " does not fit dataset type " + type.name()
          + ": expected dimensions " + type.dimensions() + ", got " + dataId.dimensions());
    }
    List<String> flat = resolveCollections(collections);
    return read("finding " + type.name() + " " + dataId, () -> {
      for (String c : flat) {
        Optional<DatasetRef> hit;
        if (requireCollection(c) == CollectionType.RUN) {
          hit = firstRef("SELECT " + DATASET_COLUMNS + " FROM dataset ds WHERE ds.dataset_type = ? AND ds.run = ?"
              + " AND ds.data_id = ?", List.of(type.name(), c, dataId.toString()));
        } else {
          hit = firstRef("SELECT " + DATASET_COLUMNS + " FROM dataset ds JOIN dataset_tag t ON t.dataset_id = ds.id"
              + " WHERE ds.dataset_type = ? AND t.collection = ? AND ds.data_id = ?",
              List.of(type.name(), c, dataId.toString()));
        }
        if (hit.isPresent()) {
          return hit;
        }
      }
      return Optional.empty();
    });
  }

  @Override
  public synchronized List<DatasetRef> queryDatasets(Collection<String> datasetTypes, List<String> collections,
      SqlPredicate where) {
    List<Object> params = new ArrayList<>();
    String filter = filter(datasetTypes, collections, where, params);
    return read("querying datasets", () -> {
      List<DatasetRef> out = refs("SELECT " + DATASET_COLUMNS + " FROM dataset ds WHERE " + filter, params);
      out.sort(REF_ORDER);
      return out;
    });
  }

  @Override
  public synchronized List<DataId> queryDataIds(Set<Dimension> dimensions, Collection<String> datasetTypes,
      List<String> collections, SqlPredicate where) {
    if (dimensions.isEmpty()) {
      throw new IllegalArgumentException("queryDataIds needs at least one dimension");
    }
    List<Dimension> dims = new ArrayList<>(new TreeSet<>(dimensions));
    List<Object> params = new ArrayList<>();
    String filter = filter(datasetTypes, collections, where, params);
    StringBuilder sql = new StringBuilder("SELECT DISTINCT ");
    sql.append(dims.stream().map(d -> "ds." + d.key()).collect(Collectors.joining(", ")));
    sql.append(" FROM dataset ds WHERE ").append(filter);
    for (Dimension d : dims) {
      sql.append(" AND ds.").append(d.key()).append(" IS NOT NULL");
    }
    return read("querying data IDs", () -> {
      List<DataId> out = new ArrayList<>();
      try (PreparedStatement ps = prepare(sql.toString(), params); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> m = new LinkedHashMap<>();
          for (int i = 0; i < dims.size(); i++) {
            Dimension d = dims.get(i);
            m.put(d.key(), d.kind() == Dimension.Kind.INTEGER ? (Object) rs.getLong(i + 1) : rs.getString(i + 1));
          }
          out.add(DataId.of(m));
        }
      }
      out.sort(DATA_ID_ORDER);
      return out;
    });
  }

  /** The WHERE text over {@code ds} for a type list, a search path and a predicate; appends the parameters. */
  private String filter(Collection<String> datasetTypes, List<String> collections, SqlPredicate where,
      List<Object> params) {
    Objects.requireNonNull(datasetTypes, "datasetTypes");
    Objects.requireNonNull(collections, "collections");
    Objects.requireNonNull(where, "where");
    String pred = where.sql();
    if (pred.contains(";") || pred.contains("--") || pred.contains("/*")) {
      throw new IllegalArgumentException("predicate SQL must come from the query compiler; it contains ';', '--'"
          + " or '/*'");
    }
    long placeholders = pred.chars().filter(c -> c == '?').count();
    if (placeholders != where.parameters().size()) {
      throw new IllegalArgumentException("predicate SQL has " + placeholders + " placeholders but "
          + where.parameters().size() + " parameters were given");
    }
    StringBuilder b = new StringBuilder("1=1");
    if (!datasetTypes.isEmpty()) {
      for (String t : datasetTypes) {
        getDatasetType(t);
      }
      b.append(" AND ds.dataset_type IN (").append(placeholders(datasetTypes.size())).append(')');
      params.addAll(new TreeSet<>(datasetTypes));
    }
    if (!collections.isEmpty()) {
      List<String> runs = new ArrayList<>();
      List<String> tags = new ArrayList<>();
      for (String c : resolveCollections(collections)) {
        (getCollection(c).type() == CollectionType.RUN ? runs : tags).add(c);
      }
      List<String> alternatives = new ArrayList<>();
      if (!runs.isEmpty()) {
        alternatives.add("ds.run IN (" + placeholders(runs.size()) + ")");
        params.addAll(runs);
      }
      if (!tags.isEmpty()) {
        alternatives.add("ds.id IN (SELECT t.dataset_id FROM dataset_tag t WHERE t.collection IN ("
            + placeholders(tags.size()) + "))");
        params.addAll(tags);
      }
      b.append(" AND (").append(alternatives.isEmpty() ? "1=0" : String.join(" OR ", alternatives)).append(')');
    }
    b.append(" AND (").append(pred).append(')');
    params.addAll(where.parameters());
    return b.toString();
  }

  private static String placeholders(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }

  @Override
  public synchronized List<DatasetRef> removeRun(String run) {
    Objects.requireNonNull(run, "run");
    return transaction("removing run " + run, () -> {
      CollectionType t = requireCollection(run);
      if (t != CollectionType.RUN) {
        throw new ConflictException("collection " + run + " is " + t + ", not a RUN; only runs can be removed");
      }
      List<DatasetRef> removed = refs("SELECT " + DATASET_COLUMNS + " FROM dataset ds WHERE ds.run = ?", List.of(run));
      removed.sort(REF_ORDER);
      update("DELETE FROM dataset_tag WHERE dataset_id IN (SELECT id FROM dataset WHERE run = ?)", run);
      update("DELETE FROM dataset WHERE run = ?", run);
      List<String> parents = new ArrayList<>();
      try (PreparedStatement ps = prepare("SELECT DISTINCT parent FROM collection_chain WHERE child = ?",
          List.of(run)); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          parents.add(rs.getString(1));
        }
      }
      for (String p : parents) {
        List<String> children = chainChildren(p);
        children.removeIf(run::equals);
        update("DELETE FROM collection_chain WHERE parent = ?", p);
        for (int i = 0; i < children.size(); i++) {
          update("INSERT INTO collection_chain (parent, position, child) VALUES (?, ?, ?)", p, i, children.get(i));
        }
      }
      update("DELETE FROM collection WHERE name = ?", run);
      return removed;
    });
  }

  private Optional<DatasetRef> firstRef(String sql, List<Object> params) throws SQLException {
    List<DatasetRef> r = refs(sql, params);
    return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
  }

  private List<DatasetRef> refs(String sql, List<Object> params) throws SQLException {
    List<DatasetRef> out = new ArrayList<>();
    try (PreparedStatement ps = prepare(sql, params); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        DatasetType type = loadDatasetType(rs.getString(2)).orElseThrow(() -> new RegistryException(
            "a dataset refers to an unregistered dataset type"));
        Map<String, Object> values = new LinkedHashMap<>();
        int col = 4;
        for (Dimension d : Dimension.values()) {
          Object v = d.kind() == Dimension.Kind.INTEGER ? rs.getObject(col) : rs.getString(col);
          if (v != null && type.dimensions().contains(d)) {
            values.put(d.key(), d.kind() == Dimension.Kind.INTEGER ? ((Number) v).longValue() : v);
          }
          col++;
        }
        StoredFile file = new StoredFile(rs.getString(col), rs.getLong(col + 1), rs.getString(col + 2));
        out.add(new DatasetRef(UUID.fromString(rs.getString(1)), type, rs.getString(3), DataId.of(values), file));
      }
    }
    return out;
  }

  /** Datasets by type, run, data ID values (canonical order, absent first), then ID. */
  static final Comparator<DatasetRef> REF_ORDER = Comparator
      .comparing((DatasetRef r) -> r.datasetType().name())
      .thenComparing(DatasetRef::run)
      .thenComparing(DatasetRef::dataId, JdbcRegistry::compareDataIds)
      .thenComparing(DatasetRef::id);

  static final Comparator<DataId> DATA_ID_ORDER = JdbcRegistry::compareDataIds;

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compareDataIds(DataId a, DataId b) {
    for (Dimension d : Dimension.values()) {
      Object x = a.get(d).orElse(null);
      Object y = b.get(d).orElse(null);
      if (x == null || y == null) {
        if (x != y) {
          return x == null ? -1 : 1;
        }
        continue;
      }
      int c = ((Comparable) x).compareTo(y);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /* ---------------------------------------------------------------- dimension records */

  @Override
  public synchronized void insertDimensionRecords(Collection<? extends DimensionRecord> records) {
    Objects.requireNonNull(records, "records");
    transaction("inserting dimension records", () -> {
      for (DimensionRecord r : records) {
        insertRecord(Objects.requireNonNull(r, "record"));
      }
      return null;
    });
  }

  private void insertRecord(DimensionRecord r) throws SQLException {
    Optional<? extends DimensionRecord> existing;
    if (r instanceof DimensionRecord.Instrument i) {
      existing = queryString("SELECT name FROM instrument WHERE name = ?", i.name())
          .map(DimensionRecord.Instrument::new);
      if (existing.isEmpty()) {
        update("INSERT INTO instrument (name) VALUES (?)", i.name());
      }
    } else if (r instanceof DimensionRecord.Detector d) {
      requireParent("instrument", "SELECT name FROM instrument WHERE name = ?", List.of(d.instrument()), r);
      existing = records(DimensionRecord.Detector.class, " WHERE instrument = ? AND id = ?",
          List.of(d.instrument(), d.id())).stream().findFirst();
      if (existing.isEmpty()) {
        update("INSERT INTO detector (instrument, id, name) VALUES (?, ?, ?)", d.instrument(), d.id(), d.name());
      }
    } else if (r instanceof DimensionRecord.Visit v) {
      requireParent("instrument", "SELECT name FROM instrument WHERE name = ?", List.of(v.instrument()), r);
      existing = loadVisit(v.instrument(), v.id());
      if (existing.isEmpty()) {
        List<Object> p = new ArrayList<>(List.of(v.instrument(), v.id(), v.band(), v.physicalFilter(), v.mjdMid(),
            v.exposureTime()));
        p.addAll(regionValues(v.region()));
        update("INSERT INTO visit (instrument, id, band, physical_filter, mjd_mid, exposure_time, ra_min, ra_max,"
            + " dec_min, dec_max) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", p.toArray());
      }
    } else if (r instanceof DimensionRecord.Skymap s) {
      existing = queryString("SELECT name FROM skymap WHERE name = ?", s.name()).map(DimensionRecord.Skymap::new);
      if (existing.isEmpty()) {
        update("INSERT INTO skymap (name) VALUES (?)", s.name());
      }
    } else if (r instanceof DimensionRecord.Tract t) {
      requireParent("skymap", "SELECT name FROM skymap WHERE name = ?", List.of(t.skymap()), r);
      existing = records(DimensionRecord.Tract.class, " WHERE skymap = ? AND id = ?", List.of(t.skymap(), t.id()))
          .stream().findFirst();
      if (existing.isEmpty()) {
        List<Object> p = new ArrayList<>(List.of(t.skymap(), t.id()));
        p.addAll(regionValues(t.region()));
        update("INSERT INTO tract (skymap, id, ra_min, ra_max, dec_min, dec_max) VALUES (?, ?, ?, ?, ?, ?)",
            p.toArray());
      }
    } else if (r instanceof DimensionRecord.Patch pa) {
      requireParent("tract", "SELECT id FROM tract WHERE skymap = ? AND id = ?", List.of(pa.skymap(), pa.tract()), r);
      existing = records(DimensionRecord.Patch.class, " WHERE skymap = ? AND tract = ? AND id = ?",
          List.of(pa.skymap(), pa.tract(), pa.id())).stream().findFirst();
      if (existing.isEmpty()) {
        List<Object> p = new ArrayList<>(List.of(pa.skymap(), pa.tract(), pa.id()));
        p.addAll(regionValues(pa.region()));
        update("INSERT INTO patch (skymap, tract, id, ra_min, ra_max, dec_min, dec_max) VALUES (?, ?, ?, ?, ?, ?, ?)",
            p.toArray());
      }
    } else {
      throw new IllegalArgumentException("unknown dimension record " + r.getClass().getName());
    }
    if (existing.isPresent() && !existing.get().equals(r)) {
      throw new ConflictException("a " + r.dimension() + " record with the same key exists with other values: "
          + existing.get() + "; cannot insert " + r);
    }
  }

  private void requireParent(String what, String sql, List<Object> key, DimensionRecord r) throws SQLException {
    try (PreparedStatement ps = prepare(sql, key); ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new NotFoundException(what + " " + key + " has no record; insert it before " + r);
      }
    }
  }

  private static List<Object> regionValues(SkyBox b) {
    List<Object> out = new ArrayList<>();
    if (b == null) {
      out.add(null);
      out.add(null);
      out.add(null);
      out.add(null);
    } else {
      out.addAll(List.of(b.raMin(), b.raMax(), b.decMin(), b.decMax()));
    }
    return out;
  }

  private Optional<DimensionRecord.Visit> loadVisit(String instrument, long id) throws SQLException {
    return records(DimensionRecord.Visit.class, " WHERE instrument = ? AND id = ?", List.of(instrument, id))
        .stream().findFirst();
  }

  @Override
  public synchronized <R extends DimensionRecord> List<R> queryDimensionRecords(Class<R> kind) {
    Objects.requireNonNull(kind, "kind");
    return read("reading " + kind.getSimpleName() + " records", () -> records(kind, "", List.of()));
  }

  private <R extends DimensionRecord> List<R> records(Class<R> kind, String where, List<Object> params)
      throws SQLException {
    String sql;
    if (kind == DimensionRecord.Instrument.class) {
      sql = "SELECT name FROM instrument" + where + " ORDER BY name";
    } else if (kind == DimensionRecord.Detector.class) {
      sql = "SELECT instrument, id, name FROM detector" + where + " ORDER BY instrument, id";
    } else if (kind == DimensionRecord.Visit.class) {
      sql = "SELECT instrument, id, band, physical_filter, mjd_mid, exposure_time, ra_min, ra_max, dec_min, dec_max"
          + " FROM visit" + where + " ORDER BY instrument, id";
    } else if (kind == DimensionRecord.Skymap.class) {
      sql = "SELECT name FROM skymap" + where + " ORDER BY name";
    } else if (kind == DimensionRecord.Tract.class) {
      sql = "SELECT skymap, id, ra_min, ra_max, dec_min, dec_max FROM tract" + where + " ORDER BY skymap, id";
    } else if (kind == DimensionRecord.Patch.class) {
      sql = "SELECT skymap, tract, id, ra_min, ra_max, dec_min, dec_max FROM patch" + where
          + " ORDER BY skymap, tract, id";
    } else {
      throw new IllegalArgumentException("unknown dimension record kind " + kind.getName());
    }
    List<R> out = new ArrayList<>();
    try (PreparedStatement ps = prepare(sql, params); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        DimensionRecord r;
        if (kind == DimensionRecord.Instrument.class) {
          r = new DimensionRecord.Instrument(rs.getString(1));
        } else if (kind == DimensionRecord.Detector.class) {
          r = new DimensionRecord.Detector(rs.getString(1), rs.getLong(2), rs.getString(3));
        } else if (kind == DimensionRecord.Visit.class) {
          r = new DimensionRecord.Visit(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
              rs.getDouble(5), rs.getDouble(6), region(rs, 7));
        } else if (kind == DimensionRecord.Skymap.class) {
          r = new DimensionRecord.Skymap(rs.getString(1));
        } else if (kind == DimensionRecord.Tract.class) {
          r = new DimensionRecord.Tract(rs.getString(1), rs.getLong(2), region(rs, 3));
        } else {
          r = new DimensionRecord.Patch(rs.getString(1), rs.getLong(2), rs.getLong(3), region(rs, 4));
        }
        out.add(kind.cast(r));
      }
    }
    return out;
  }

  private static SkyBox region(ResultSet rs, int first) throws SQLException {
    double raMin = rs.getDouble(first);
    if (rs.wasNull()) {
      return null;
    }
    return new SkyBox(raMin, rs.getDouble(first + 1), rs.getDouble(first + 2), rs.getDouble(first + 3));
  }

  /* ---------------------------------------------------------------- plumbing */

  private PreparedStatement prepare(String sql, List<Object> params) throws SQLException {
    PreparedStatement ps = connection.prepareStatement(sql);
    try {
      bind(ps, params.toArray());
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
    return ps;
  }

  private static void bind(PreparedStatement ps, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      if (p == null) {
        ps.setNull(i + 1, Types.DOUBLE);
      } else if (p instanceof String s) {
        ps.setString(i + 1, s);
      } else if (p instanceof Long || p instanceof Integer) {
        ps.setLong(i + 1, ((Number) p).longValue());
      } else if (p instanceof Double d) {
        ps.setDouble(i + 1, d);
      } else {
        throw new IllegalArgumentException("cannot bind a " + p.getClass().getName() + " as a query parameter;"
            + " expected Long or String");
      }
    }
  }

  private int update(String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      bind(ps, params);
      return ps.executeUpdate();
    }
  }

  private Optional<String> queryString(String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /** Runs read-only work (inside a surrounding transaction, if any). */
  private <T> T read(String what, Work<T> work) {
    checkOpen();
    try {
      return work.run();
    } catch (SQLException e) {
      throw new RegistryException("registry " + Names.sanitize(url) + ": failed " + what + ": " + e.getMessage(), e);
    }
  }

  /** Runs work in one transaction (joining a surrounding one); rolls back on any failure. */
  private <T> T transaction(String what, Work<T> work) {
    checkOpen();
    if (transactionDepth > 0) {
      return read(what, work);
    }
    try {
      connection.setAutoCommit(false);
    } catch (SQLException e) {
      throw new RegistryException("registry " + Names.sanitize(url) + ": cannot begin a transaction for " + what
          + ": " + e.getMessage(), e);
    }
    transactionDepth++;
    boolean ok = false;
    try {
      T result = work.run();
      connection.commit();
      ok = true;
      return result;
    } catch (SQLException e) {
      throw new RegistryException("registry " + Names.sanitize(url) + ": failed " + what + ": " + e.getMessage(), e);
    } finally {
      transactionDepth--;
      try {
        if (!ok) {
          connection.rollback();
          typeCache.clear();
        }
        connection.setAutoCommit(true);
      } catch (SQLException e) {
        if (ok) {
          throw new RegistryException("registry " + Names.sanitize(url) + ": failed ending the transaction for "
              + what + ": " + e.getMessage(), e);
        }
      }
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("registry " + Names.sanitize(url) + " is closed");
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      connection.close();
    } catch (SQLException e) {
      throw new RegistryException("registry " + Names.sanitize(url) + ": failed closing: " + e.getMessage(), e);
    }
  }
}
