package org.labelfree.pipeline.graph;

import org.labelfree.pipeline.Messages;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A pipeline as written in YAML (Gen3 style), before task classes are loaded. Start here.
 *
 * <pre>
 * description: Label-free real/bogus
 * parameters:
 *   seed: 7
 * tasks:
 *   summary: org.example.SummaryTask
 *   inject:
 *     class: org.example.InjectVisitTask
 *     config: {noise_seed: parameters.seed, add_noise: true}
 * subsets:
 *   quick: [summary]
 *   inject_only: {subset: [inject], description: injection alone}
 * </pre>
 *
 * <p>Top-level keys other than {@code description}, {@code tasks}, {@code subsets} and {@code parameters} are
 * rejected, as are unknown keys in a task entry ({@code class}, {@code config}, {@code connections}) or a subset
 * entry ({@code subset}, {@code description}). Duplicate keys are rejected with their line and column. A config
 * value that is exactly the string {@code parameters.NAME} (also as a list element or a {@code -c} value) is replaced
 * by that parameter's value when the pipeline is {@link #resolve resolved}. Task order in the file does not matter:
 * {@link TaskGraph} infers it from the connections.
 *
 * <p>Immutable and thread-safe.
 */
public final class PipelineDefinition {
  static final Pattern LABEL = Pattern.compile("[a-z][a-z0-9_]{0,54}");
  private static final ObjectMapper YAML = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();
  private static final Set<String> TOP_KEYS = Set.of("description", "tasks", "subsets", "parameters");
  private static final Set<String> TASK_KEYS = Set.of("class", "config", "connections");
  private static final Set<String> SUBSET_KEYS = Set.of("subset", "description");

  private final String source;
  private final String description;
  private final Map<String, TaskEntry> tasks;
  private final Map<String, Subset> subsets;
  private final Map<String, Object> parameters;

  /**
   * A pipeline from its parts; checks that every subset names known tasks and no subset is named like a task.
   *
   * @param source      where it came from, for messages (file path or resource name)
   * @param description free text, empty if none
   * @param tasks       the tasks, in file order (labels unique)
   * @param subsets     the subsets, in file order
   * @param parameters  parameter names to values (numbers, booleans, strings, lists)
   * @throws PipelineDefinitionException for a duplicate label or a bad subset
   */
  public PipelineDefinition(String source, String description, List<TaskEntry> tasks, List<Subset> subsets,
      Map<String, ?> parameters) {
    this.source = Objects.requireNonNull(source, "source");
    this.description = Objects.requireNonNull(description, "description");
    Map<String, TaskEntry> t = new LinkedHashMap<>();
    for (TaskEntry e : tasks) {
      if (t.put(e.label(), e) != null) {
        throw new PipelineDefinitionException(source + ": task label '" + e.label() + "' is used twice");
      }
    }
    Map<String, Subset> s = new LinkedHashMap<>();
    for (Subset sub : subsets) {
      if (t.containsKey(sub.name())) {
        throw new PipelineDefinitionException(source + ": subset '" + Messages.sanitize(sub.name())
            + "' has the name of a task");
      }
      if (s.put(sub.name(), sub) != null) {
        throw new PipelineDefinitionException(source + ": subset '" + Messages.sanitize(sub.name()) + "' is defined twice");
      }
      Set<String> seen = new LinkedHashSet<>();
      for (String label : sub.labels()) {
        if (!t.containsKey(label)) {
          throw new PipelineDefinitionException(source + ": subset '" + Messages.sanitize(sub.name())
              + "' names unknown task '" + Messages.sanitize(label) + "'; tasks are " + t.keySet());
        }
        if (!seen.add(label)) {
          throw new PipelineDefinitionException(source + ": subset '" + Messages.sanitize(sub.name()) + "' names task '"
              + label + "' twice");
        }
      }
    }
    this.tasks = Collections.unmodifiableMap(t);
    this.subsets = Collections.unmodifiableMap(s);
    this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  /**
   * Parses pipeline YAML.
   *
   * @param yaml   the YAML text
   * @param source where it came from, for messages (e.g. the file path)
   * @return the definition
   * @throws PipelineDefinitionException for malformed YAML (with line and column), a duplicate key, an unknown key
   *                                     (named with its path, e.g. {@code tasks.b.clas}), a value of the wrong
   *                                     shape, or a bad subset
   */
  public static PipelineDefinition parse(String yaml, String source) {
    Objects.requireNonNull(yaml, "yaml");
    Objects.requireNonNull(source, "source");
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      throw new PipelineDefinitionException(source + ": malformed YAML" + where + ": "
          + Messages.sanitize(summary(e.getOriginalMessage())), e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new PipelineDefinitionException(source + ": empty pipeline; expected a mapping with 'tasks'");
    }
    if (!root.isObject()) {
      throw new PipelineDefinitionException(source + ": expected a mapping at the top level, found a "
          + kind(root));
    }
    checkKeys(source, root, "the top level", TOP_KEYS);

    String description = "";
    if (root.has("description")) {
      description = scalarText(source, root.get("description"), "description");
    }

    Map<String, Object> parameters = new LinkedHashMap<>();
    if (root.has("parameters")) {
      JsonNode p = mapping(source, root.get("parameters"), "parameters");
      for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        parameters.put(e.getKey(), plain(source, e.getValue(), "parameters." + e.getKey()));
      }
    }

    JsonNode tasksNode = root.get("tasks");
    if (tasksNode == null || tasksNode.isNull() || (tasksNode.isObject() && tasksNode.isEmpty())) {
      throw new PipelineDefinitionException(source + ": the pipeline has no tasks; expected a 'tasks' mapping");
    }
    mapping(source, tasksNode, "tasks");
    List<TaskEntry> tasks = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = tasksNode.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      tasks.add(taskEntry(source, e.getKey(), e.getValue()));
    }

    List<Subset> subsets = new ArrayList<>();
    if (root.has("subsets")) {
      JsonNode s = mapping(source, root.get("subsets"), "subsets");
      for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        subsets.add(subset(source, e.getKey(), e.getValue()));
      }
    }
    return new PipelineDefinition(source, description, tasks, subsets, parameters);
  }

  /**
   * Reads a pipeline YAML file (UTF-8).
   *
   * @param file the file
   * @return the definition, with the file path as source
   * @throws PipelineDefinitionException if the file cannot be read, or as {@link #parse}
   */
  public static PipelineDefinition read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PipelineDefinitionException(file + ": cannot read pipeline: " + e.getMessage(), e);
    }
    return parse(text, file.toString());
  }

  /**
   * Loads a pipeline given on the command line ({@code -p}): a file path or the name of a bundled pipeline, with an
   * optional {@code #subset}. A path naming an existing regular file is read; otherwise the resource {@code
   * resourcePrefix + name} and then {@code resourcePrefix + name + ".yaml"} are looked up through {@code loader}
   * (e.g. {@code load("label_free_rb#quick", loader, "pipelines/")}).
   *
   * @param location       {@code PATH[#SUBSET]} or {@code NAME[#SUBSET]}
   * @param loader         the class loader holding bundled pipelines (and, later, the task classes)
   * @param resourcePrefix resource folder of bundled pipelines, e.g. {@code "pipelines/"}; may be empty
   * @return the definition, restricted to the subset if one is given
   * @throws PipelineDefinitionException if neither a file nor a resource exists, for an unknown subset, or as
   *                                     {@link #parse}
   */
  public static PipelineDefinition load(String location, ClassLoader loader, String resourcePrefix) {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(loader, "loader");
    Objects.requireNonNull(resourcePrefix, "resourcePrefix");
    String where = location;
    String subset = null;
    int hash = location.lastIndexOf('#');
    if (hash >= 0) {
      where = location.substring(0, hash);
      subset = location.substring(hash + 1);
      if (subset.isBlank()) {
        throw new PipelineDefinitionException("pipeline '" + Messages.sanitize(location) + "': empty subset name after '#'");
      }
    }
    PipelineDefinition def = null;
    Path file = null;
    try {
      file = Path.of(where);
    } catch (InvalidPathException e) {
      file = null;
    }
    if (file != null && !where.isEmpty() && Files.isRegularFile(file)) {
      def = read(file);
    } else {
      List<String> names = new ArrayList<>(List.of(resourcePrefix + where));
      if (!where.endsWith(".yaml")) {
        names.add(resourcePrefix + where + ".yaml");
      }
      for (String name : names) {
        def = fromResource(name, loader);
        if (def != null) {
          break;
        }
      }
      if (def == null) {
        throw new PipelineDefinitionException("pipeline '" + Messages.sanitize(where)
            + "' is neither a file nor a bundled pipeline (looked for resources " + Messages.sanitize(names) + ")");
      }
    }
    return subset == null ? def : def.subset(subset);
  }

  private static PipelineDefinition fromResource(String name, ClassLoader loader) {
    try (InputStream in = loader.getResourceAsStream(name)) {
      if (in == null) {
        return null;
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "resource " + name);
    } catch (IOException e) {
      throw new PipelineDefinitionException("resource " + Messages.sanitize(name) + ": cannot read pipeline: "
          + e.getMessage(), e);
    }
  }

  /**
   * This pipeline restricted to the tasks of one subset (in file order), keeping only the subsets that lie wholly
   * inside it.
   *
   * @param name the subset name
   * @return the restricted pipeline; its source reads {@code SOURCE#name}
   * @throws PipelineDefinitionException naming the subset and listing the defined ones if it is unknown
   */
  public PipelineDefinition subset(String name) {
    Subset s = subsets.get(name);
    if (s == null) {
      throw new PipelineDefinitionException(source + ": unknown subset '" + Messages.sanitize(name) + "'; subsets are "
          + subsets.keySet());
    }
    List<TaskEntry> kept = new ArrayList<>();
    for (TaskEntry e : tasks.values()) {
      if (s.labels().contains(e.label())) {
        kept.add(e);
      }
    }
    List<Subset> keptSubsets = new ArrayList<>();
    for (Subset other : subsets.values()) {
      if (s.labels().containsAll(other.labels())) {
        keptSubsets.add(other);
      }
    }
    return new PipelineDefinition(source + "#" + name, description, kept, keptSubsets, parameters);
  }

  /**
   * Loads the task classes, resolves configs (defaults, then YAML config, then the overrides in order) and infers
   * the task graph; see {@link TaskGraph#build}.
   *
   * @param overrides {@code -c} overrides, applied in order (later wins)
   * @param loader    the class loader to load task classes from
   * @return the resolved graph
   * @throws PipelineDefinitionException as {@link TaskGraph#build}
   */
  public TaskGraph resolve(List<ConfigOverride> overrides, ClassLoader loader) {
    return TaskGraph.build(this, overrides, loader);
  }

  /** Where this pipeline came from (file path, {@code resource NAME}, with {@code #subset} if restricted). */
  public String source() {
    return source;
  }

  /** The description, empty if none. */
  public String description() {
    return description;
  }

  /** The tasks by label, in file order; unmodifiable. */
  public Map<String, TaskEntry> tasks() {
    return tasks;
  }

  /** The subsets by name, in file order; unmodifiable. */
  public Map<String, Subset> subsets() {
    return subsets;
  }

  /** The parameters by name, in file order; unmodifiable. */
  public Map<String, Object> parameters() {
    return parameters;
  }

  @Override
  public String toString() {
    return "PipelineDefinition[" + source + ", tasks " + tasks.keySet() + "]";
  }

  /* ---------------------------------------------------------------------------------------------------------- */

  private static TaskEntry taskEntry(String source, String label, JsonNode node) {
    String path = "tasks." + label;
    if (!LABEL.matcher(label).matches()) {
      throw new PipelineDefinitionException(source + ": task label '" + Messages.sanitize(label)
          + "' must be lower snake case ([a-z][a-z0-9_]*, at most 55 characters)");
    }
    if (node.isTextual()) {
      return new TaskEntry(label, className(source, node, path), Map.of(), Map.of());
    }
    if (!node.isObject()) {
      throw new PipelineDefinitionException(source + ": " + path
          + " must be a class name or a mapping with 'class', found a " + kind(node));
    }
    checkKeys(source, node, path, TASK_KEYS);
    if (!node.has("class")) {
      throw new PipelineDefinitionException(source + ": " + path + " has no 'class'");
    }
    String className = className(source, node.get("class"), path + ".class");
    Map<String, Object> config = new LinkedHashMap<>();
    if (node.has("config") && !node.get("config").isNull()) {
      JsonNode c = mapping(source, node.get("config"), path + ".config");
      for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        config.put(e.getKey(), plain(source, e.getValue(), path + ".config." + e.getKey()));
      }
    }
    Map<String, String> connections = new LinkedHashMap<>();
    if (node.has("connections") && !node.get("connections").isNull()) {
      JsonNode c = mapping(source, node.get("connections"), path + ".connections");
      for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        connections.put(e.getKey(), scalarText(source, e.getValue(), path + ".connections." + e.getKey()));
      }
    }
    return new TaskEntry(label, className, config, connections);
  }

  private static Subset subset(String source, String name, JsonNode node) {
    String path = "subsets." + name;
    JsonNode list = node;
    String description = "";
    if (node.isObject()) {
      checkKeys(source, node, path, SUBSET_KEYS);
      list = node.get("subset");
      if (list == null) {
        throw new PipelineDefinitionException(source + ": " + path + " has no 'subset' list");
      }
      if (node.has("description")) {
        description = scalarText(source, node.get("description"), path + ".description");
      }
    }
    if (!list.isArray()) {
      throw new PipelineDefinitionException(source + ": " + path + " must be a list of task labels, found a "
          + kind(list));
    }
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      labels.add(scalarText(source, list.get(i), path + "[" + i + "]"));
    }
    return new Subset(name, labels, description);
  }

  private static String className(String source, JsonNode node, String path) {
    String s = scalarText(source, node, path).strip();
    if (s.isEmpty()) {
      throw new PipelineDefinitionException(source + ": " + path + " is an empty class name");
    }
    return s;
  }

  private static void checkKeys(String source, JsonNode node, String where, Set<String> allowed) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!allowed.contains(k)) {
        throw new PipelineDefinitionException(source + ": unknown key '" + Messages.sanitize(k) + "' in " + where
            + "; expected one of " + new java.util.TreeSet<>(allowed));
      }
    }
  }

  private static JsonNode mapping(String source, JsonNode node, String path) {
    if (!node.isObject()) {
      throw new PipelineDefinitionException(source + ": " + path + " must be a mapping, found a " + kind(node));
    }
    return node;
  }

  private static String scalarText(String source, JsonNode node, String path) {
    if (node == null || !node.isValueNode() || node.isNull()) {
      throw new PipelineDefinitionException(source + ": " + path + " must be a string, found a "
          + (node == null ? "nothing" : kind(node)));
    }
    return node.asText();
  }

  private static Object plain(String source, JsonNode node, String path) {
    if (node.isObject()) {
      throw new PipelineDefinitionException(source + ": " + path
          + " is a mapping; expected a number, boolean, string or list");
    }
    if (node.isArray()) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < node.size(); i++) {
        JsonNode item = node.get(i);
        if (item.isContainerNode()) {
          throw new PipelineDefinitionException(source + ": " + path + "[" + i + "] is nested; expected a scalar");
        }
        out.add(plain(source, item, path + "[" + i + "]"));
      }
      return Collections.unmodifiableList(out);
    }
    if (node.isNull()) {
      return null;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber()) {
      return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    return node.asText();
  }

  private static String kind(JsonNode node) {
    if (node.isObject()) {
      return "mapping";
    }
    if (node.isArray()) {
      return "list";
    }
    if (node.isNull()) {
      return "null";
    }
    return node.isTextual() ? "string" : node.isNumber() ? "number" : node.isBoolean() ? "boolean" : "value";
  }

  /** The parser's explanation without its quoted source snippets (indented lines in SnakeYAML's messages). */
  private static String summary(String s) {
    if (s == null) {
      return "";
    }
    List<String> kept = new ArrayList<>();
    for (String line : s.split("\\R")) {
      if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
        kept.add(line.strip());
      }
    }
    return String.join("; ", kept);
  }
}
