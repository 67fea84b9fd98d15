package org.labelfree.pipeline.task;

import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.Messages;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A task class checked against the contract of {@link PipelineTask}: its config type, inputs and outputs record
 * types and connections, obtained without running it, and the one reflective adapter the executor uses to build
 * inputs from datasets and take outputs apart.
 *
 * <p>The mechanism is reflective and needs nothing beyond the task class itself: the config type is the parameter
 * of the task's single public constructor, the defaults come from the config's {@code public static defaults()},
 * the connections from the task's {@code public static TaskConnections connections()}, and the inputs and outputs
 * types from the type arguments of its {@code implements PipelineTask<I, O>}.
 *
 * <p>Immutable and thread-safe.
 */
public final class TaskDescriptor {
  /** The inputs-record component that receives the quantum's data ID, if a task declares it. */
  public static final String DATA_ID_COMPONENT = "dataId";

  private final Class<?> taskClass;
  private final Class<? extends Record> configType;
  private final Class<? extends Record> inputType;
  private final Class<? extends Record> outputType;
  private final TaskConnections connections;
  private final Constructor<?> constructor;
  private final Map<String, RecordComponent> inputComponents;
  private final Map<String, RecordComponent> outputComponents;

  private TaskDescriptor(Class<?> taskClass, Class<? extends Record> configType, Class<? extends Record> inputType,
      Class<? extends Record> outputType, TaskConnections connections, Constructor<?> constructor) {
    this.taskClass = taskClass;
    this.configType = configType;
    this.inputType = inputType;
    this.outputType = outputType;
    this.connections = connections;
    this.constructor = constructor;
    this.inputComponents = components(inputType);
    this.outputComponents = components(outputType);
  }

  /**
   * Loads a task class by fully qualified name, without initialising it before it is known to be a task, and checks
   * it.
   *
   * @param className fully qualified (binary) class name, e.g. {@code org.example.FooTask} or {@code
   *                  org.example.Outer$FooTask}
   * @param loader    the class loader to look in
   * @return the descriptor
   * @throws TaskDefinitionException if no such class exists, or as {@link #of(Class)}
   */
  public static TaskDescriptor forName(String className, ClassLoader loader) {
    Objects.requireNonNull(className, "className");
    Class<?> c;
    try {
      c = Class.forName(className, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new TaskDefinitionException("unknown task class '" + Messages.sanitize(className)
          + "': not found on the class path", e);
    }
    return of(c);
  }

  /**
   * Checks a class against the task contract.
   *
   * @param taskClass the class
   * @return the descriptor
   * @throws TaskDefinitionException naming the class and the first broken rule (not a PipelineTask, no single
   *                                 public config constructor, bad config type, missing or failing connections(),
   *                                 record components not matching the connections)
   */
  public static TaskDescriptor of(Class<?> taskClass) {
    String n = taskClass.getName();
    if (!PipelineTask.class.isAssignableFrom(taskClass)) {
      throw new TaskDefinitionException("class " + n + " is not a PipelineTask");
    }
    if (!Modifier.isPublic(taskClass.getModifiers()) || Modifier.isAbstract(taskClass.getModifiers())
        || taskClass.isInterface() || (taskClass.getEnclosingClass() != null
        && !Modifier.isStatic(taskClass.getModifiers()))) {
      throw new TaskDefinitionException("task class " + n + " must be public, concrete and top-level or static");
    }

    /* The config type is the parameter of the one public constructor. */
    Constructor<?>[] ctors = taskClass.getConstructors();
    if (ctors.length != 1 || ctors[0].getParameterCount() != 1 || !ctors[0].getParameterTypes()[0].isRecord()) {
      throw new TaskDefinitionException("task class " + n
          + " must have exactly one public constructor, taking its config record");
    }
    @SuppressWarnings("unchecked")
    Class<? extends Record> configType = (Class<? extends Record>) ctors[0].getParameterTypes()[0];
    TaskConfigs.checkConfigType(configType);

    /* Inputs and outputs types from the PipelineTask type arguments. */
    Class<?>[] io = ioTypes(taskClass);
    @SuppressWarnings("unchecked")
    Class<? extends Record> inputType = (Class<? extends Record>) io[0];
    @SuppressWarnings("unchecked")
    Class<? extends Record> outputType = (Class<? extends Record>) io[1];
    if (!Modifier.isPublic(inputType.getModifiers()) || !Modifier.isPublic(outputType.getModifiers())) {
      throw new TaskDefinitionException("task class " + n + ": inputs and outputs records must be public");
    }

    TaskConnections connections = connectionsOf(taskClass);
    checkComponents(n, "inputs", inputType, connections.inputs());
    checkComponents(n, "outputs", outputType, connections.outputs());
    return new TaskDescriptor(taskClass, configType, inputType, outputType, connections, ctors[0]);
  }

  /** The task class. */
  public Class<?> taskClass() {
    return taskClass;
  }

  /** The config record type (the constructor's parameter). */
  public Class<? extends Record> configType() {
    return configType;
  }

  /** The inputs record type. */
  public Class<? extends Record> inputType() {
    return inputType;
  }

  /** The outputs record type. */
  public Class<? extends Record> outputType() {
    return outputType;
  }

  /** The task's dimensions and connections, as returned by its {@code connections()}. */
  public TaskConnections connections() {
    return connections;
  }

  /**
   * The config's defaults with the given values applied (see {@link TaskConfigs#resolve}).
   *
   * @param overrides config keys to raw values
   * @return the validated config
   * @throws TaskDefinitionException for an unknown key, a bad value, or a value the record rejects
   */
  public Record resolveConfig(Map<String, ?> overrides) {
    return TaskConfigs.resolve(configType, overrides);
  }

  /**
   * A new task instance.
   *
   * @param config a config of {@link #configType()}
   * @return the task
   * @throws TaskDefinitionException if the config has another type or the constructor throws
   */
  public PipelineTask<?, ?> newTask(Record config) {
    if (!configType.isInstance(config)) {
      throw new TaskDefinitionException("task " + taskClass.getSimpleName() + " needs a config of type "
          + configType.getName() + ", got " + (config == null ? "null" : config.getClass().getName()));
    }
    try {
      return (PipelineTask<?, ?>) constructor.newInstance(config);
    } catch (InvocationTargetException e) {
      throw new TaskDefinitionException("constructing task " + taskClass.getSimpleName() + " failed: "
          + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new TaskDefinitionException("cannot construct task " + taskClass.getName() + ": " + e, e);
    }
  }

  /**
   * Builds the inputs record from datasets by connection name.
   *
   * @param byConnection input (and prerequisite) connection names to values: single connections to an instance of
   *                     the component type; multiple connections to a collection of them (copied into an
   *                     unmodifiable list, order kept); optional connections may be absent or null
   * @return the inputs record
   * @throws TaskDefinitionException naming the task and connection for a missing required input, an unknown
   *                                 connection name, or a value of the wrong type
   */
  public Record toInputs(Map<String, ?> byConnection) {
    return toInputs(byConnection, DataId.empty());
  }

  /**
   * Builds the inputs record from datasets by connection name and the quantum's data ID. An inputs record may have a
   * component {@code DataId dataId} that matches no connection: it receives {@code dataId} (the quantum's data ID,
   * expanded with the values its visit implies, such as {@code band}), so that a task can label its outputs and
   * derive seeds from it.
   *
   * @param byConnection as {@link #toInputs(Map)}
   * @param dataId       the quantum's data ID, not null
   * @return the inputs record
   * @throws TaskDefinitionException as {@link #toInputs(Map)}
   */
  public Record toInputs(Map<String, ?> byConnection, DataId dataId) {
    java.util.Objects.requireNonNull(dataId, "dataId");
    String task = taskClass.getSimpleName();
    for (String key : byConnection.keySet()) {
      if (connections.connection(key).filter(Connection::isInput).isEmpty()) {
        throw new TaskDefinitionException("task " + task + ": '" + Messages.sanitize(key)
            + "' is not an input connection; inputs are " + names(connections.inputs()));
      }
    }
    RecordComponent[] rcs = inputType.getRecordComponents();
    Map<String, Object> byComponent = new HashMap<>();
    for (Connection c : connections.inputs()) {
      Object v = byConnection.get(c.name());
      RecordComponent rc = inputComponents.get(c.componentName());
      if (v == null) {
        if (!c.optional()) {
          throw new TaskDefinitionException("task " + task + ": required input connection " + c.name()
              + " is missing");
        }
        byComponent.put(rc.getName(), c.multiple() ? List.of() : null);
      } else if (c.multiple()) {
        if (!(v instanceof Collection<?> items)) {
          throw new TaskDefinitionException("task " + task + ": multiple input connection " + c.name()
              + " expects a collection, got " + v.getClass().getName());
        }
        Class<?> element = listElement(rc);
        List<Object> list = new ArrayList<>(items.size());
        for (Object item : items) {
          if (item == null || (element != null && !element.isInstance(item))) {
            throw new TaskDefinitionException("task " + task + ": input connection " + c.name() + " expects a list of "
                + (element == null ? "non-null values" : element.getName()) + ", got an element "
                + (item == null ? "null" : item.getClass().getName()));
          }
          list.add(item);
        }
        byComponent.put(rc.getName(), Collections.unmodifiableList(list));
      } else {
        if (!rc.getType().isInstance(v)) {
          throw new TaskDefinitionException("task " + task + ": input connection " + c.name() + " ("
              + c.storageClass() + ") expects " + rc.getType().getName() + ", got " + v.getClass().getName());
        }
        byComponent.put(rc.getName(), v);
      }
    }
    if (inputComponents.containsKey(DATA_ID_COMPONENT) && !byComponent.containsKey(DATA_ID_COMPONENT)) {
      byComponent.put(DATA_ID_COMPONENT, dataId);
    }
    Object[] args = new Object[rcs.length];
    Class<?>[] types = new Class<?>[rcs.length];
    for (int i = 0; i < rcs.length; i++) {
      args[i] = byComponent.get(rcs[i].getName());
      types[i] = rcs[i].getType();
    }
    try {
      return inputType.getDeclaredConstructor(types).newInstance(args);
    } catch (InvocationTargetException e) {
      throw new TaskDefinitionException("task " + task + ": inputs record rejected the inputs: " + e.getCause(),
          e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new TaskDefinitionException("task " + task + ": cannot construct " + inputType.getName() + ": " + e, e);
    }
  }

  /**
   * Takes an outputs record apart by connection name.
   *
   * @param outputs an outputs record of {@link #outputType()}
   * @return output connection names to values, in declaration order, unmodifiable
   * @throws TaskDefinitionException naming the task if outputs is null or of another type, or naming the
   *                                 connection whose value is null
   */
  public Map<String, Object> fromOutputs(Record outputs) {
    String task = taskClass.getSimpleName();
    if (!outputType.isInstance(outputs)) {
      throw new TaskDefinitionException("task " + task + " returned " + (outputs == null ? "null" : "a "
          + outputs.getClass().getName()) + "; expected " + outputType.getName());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Connection c : connections.outputs()) {
      RecordComponent rc = outputComponents.get(c.componentName());
      Object v;
      try {
        v = rc.getAccessor().invoke(outputs);
      } catch (ReflectiveOperationException e) {
        throw new TaskDefinitionException("task " + task + ": cannot read output " + c.name() + ": " + e, e);
      }
      if (v == null) {
        throw new TaskDefinitionException("task " + task + " returned null for output connection " + c.name());
      }
      out.put(c.name(), v);
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Runs a task on inputs by connection name and returns its outputs by connection name: {@link #toInputs}, {@link
   * PipelineTask#run}, {@link #fromOutputs}. Exceptions from {@code run} propagate unchanged.
   *
   * @param task         a task made by {@link #newTask}
   * @param byConnection inputs by connection name
   * @return outputs by connection name
   * @throws TaskDefinitionException as {@link #toInputs} and {@link #fromOutputs}, or if the task is of another class
   */
  public Map<String, Object> run(PipelineTask<?, ?> task, Map<String, ?> byConnection) {
    return run(task, byConnection, DataId.empty());
  }

  /**
   * As {@link #run(PipelineTask, Map)}, giving the quantum's data ID to an inputs record that has a {@code dataId}
   * component (see {@link #toInputs(Map, DataId)}).
   *
   * @param task         a task made by {@link #newTask}
   * @param byConnection inputs by connection name
   * @param dataId       the quantum's data ID
   * @return outputs by connection name
   * @throws TaskDefinitionException as {@link #toInputs} and {@link #fromOutputs}
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Map<String, Object> run(PipelineTask<?, ?> task, Map<String, ?> byConnection, DataId dataId) {
    if (!taskClass.isInstance(task)) {
      throw new TaskDefinitionException("descriptor of " + taskClass.getName() + " cannot run a "
          + (task == null ? "null" : task.getClass().getName()));
    }
    Record in = toInputs(byConnection, dataId);
    Record out = ((PipelineTask) task).run(in);
    return fromOutputs(out);
  }

  @Override
  public String toString() {
    return "TaskDescriptor[" + taskClass.getName() + "]";
  }

  /* ---------------------------------------------------------------------------------------------------------- */

  private static Class<?>[] ioTypes(Class<?> taskClass) {
    for (Class<?> c = taskClass; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Type t : c.getGenericInterfaces()) {
        if (t instanceof ParameterizedType p && p.getRawType() == PipelineTask.class) {
          Type[] args = p.getActualTypeArguments();
          if (args[0] instanceof Class<?> i && args[1] instanceof Class<?> o && i.isRecord() && o.isRecord()) {
            return new Class<?>[] {i, o};
          }
        }
      }
    }
    throw new TaskDefinitionException("task class " + taskClass.getName()
        + " must implement PipelineTask<I, O> directly, with concrete record types I and O");
  }

  private static TaskConnections connectionsOf(Class<?> taskClass) {
    Method m;
    try {
      m = taskClass.getMethod("connections");
    } catch (NoSuchMethodException e) {
      throw new TaskDefinitionException("task class " + taskClass.getName()
          + " has no public static TaskConnections connections()");
    }
    if (!Modifier.isStatic(m.getModifiers()) || m.getReturnType() != TaskConnections.class) {
      throw new TaskDefinitionException("task class " + taskClass.getName()
          + ": connections() must be public static and return TaskConnections");
    }
    try {
      Object v = m.invoke(null);
      if (v == null) {
        throw new TaskDefinitionException("task class " + taskClass.getName() + ": connections() returned null");
      }
      return (TaskConnections) v;
    } catch (InvocationTargetException e) {
      throw new TaskDefinitionException("task class " + taskClass.getName() + ": connections() failed: "
          + e.getCause(), e.getCause());
    } catch (IllegalAccessException e) {
      throw new TaskDefinitionException("task class " + taskClass.getName() + ": connections() is not accessible", e);
    } catch (ExceptionInInitializerError e) {
      throw new TaskDefinitionException("task class " + taskClass.getName() + " failed to initialise: "
          + e.getCause(), e.getCause());
    }
  }

  private static void checkComponents(String task, String what, Class<? extends Record> type,
      List<Connection> conns) {
    Map<String, RecordComponent> rcs = components(type);
    Set<String> expected = new TreeSet<>();
    for (Connection c : conns) {
      expected.add(c.componentName());
      RecordComponent rc = rcs.get(c.componentName());
      if (rc == null) {
        throw new TaskDefinitionException("task class " + task + ": " + what + " record " + type.getSimpleName()
            + " has no component " + c.componentName() + " for connection " + c.name());
      }
      if (rc.getType().isPrimitive()) {
        throw new TaskDefinitionException("task class " + task + ": component " + rc.getName() + " of "
            + type.getSimpleName() + " must not be primitive");
      }
      if (c.multiple() && rc.getType() != List.class) {
        throw new TaskDefinitionException("task class " + task + ": multiple connection " + c.name()
            + " needs a List component, but " + type.getSimpleName() + "." + rc.getName() + " is "
            + rc.getType().getSimpleName());
      }
    }
    for (String name : rcs.keySet()) {
      if (what.equals("inputs") && name.equals(DATA_ID_COMPONENT) && !expected.contains(name)) {
        if (rcs.get(name).getType() != DataId.class) {
          throw new TaskDefinitionException("task class " + task + ": inputs component " + DATA_ID_COMPONENT
              + " must be an org.labelfree.pipeline.repo.DataId (the quantum's data ID)");
        }
        continue;
      }
      if (!expected.contains(name)) {
        throw new TaskDefinitionException("task class " + task + ": " + what + " record " + type.getSimpleName()
            + " component " + name + " matches no " + (what.equals("inputs") ? "input" : "output")
            + " connection; expected components " + expected);
      }
    }
  }

  private static Map<String, RecordComponent> components(Class<? extends Record> type) {
    Map<String, RecordComponent> m = new LinkedHashMap<>();
    for (RecordComponent rc : type.getRecordComponents()) {
      m.put(rc.getName(), rc);
    }
    return m;
  }

  private static Class<?> listElement(RecordComponent rc) {
    if (rc.getGenericType() instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> c) {
      return c;
    }
    return null;
  }

  private static List<String> names(List<Connection> cs) {
    List<String> out = new ArrayList<>();
    for (Connection c : cs) {
      out.add(c.name());
    }
    return out;
  }
}
