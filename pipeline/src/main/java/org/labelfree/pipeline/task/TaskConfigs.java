package org.labelfree.pipeline.task;

import org.labelfree.pipeline.Messages;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Maps configuration values from YAML and {@code -c key=value} strings onto task config records, and serialises
 * resolved configs deterministically.
 *
 * <p><b>Keys.</b> A key names a record component either exactly ({@code trimPaddingPix}) or in snake_case ({@code
 * trim_padding_pix}, converted to lower camel case); both forms of the same component in one map are an error.
 * Unknown keys are rejected by name with the list of valid ones (in component order).
 *
 * <p><b>Values.</b> Starting from the record's {@code defaults()}, each given key replaces its component. Supported
 * component types and what they accept:
 *
 * <ul>
 *   <li>{@code int}, {@code long} (and boxes): an integral number in range, or a decimal string;
 *   <li>{@code double}, {@code float} (and boxes): any number, or a string {@link Double#parseDouble} accepts
 *       (including {@code NaN}, {@code Infinity});
 *   <li>{@code boolean} (and box): a boolean, or {@code true}/{@code false} in any case;
 *   <li>{@code String}: a string (a YAML number or boolean is rejected: quote it);
 *   <li>enums: the constant's name in any case, {@code -} read as {@code _};
 *   <li>{@code List<E>} with {@code E} one of {@code String, Integer, Long, Double, Boolean} or an enum: a list, or
 *       a string of comma-separated elements, optionally in brackets ({@code "[1.5, 2]"}, {@code "g,r"}); elements
 *       of a string list cannot contain commas in the string form.
 * </ul>
 *
 * A {@code null} value (YAML {@code ~}) is passed through for non-primitive components, for the record to accept or
 * reject. The record's canonical constructor then validates; an {@link IllegalArgumentException} or {@link
 * NullPointerException} it throws becomes a {@link TaskDefinitionException} carrying its message.
 *
 * <p>Stateless and thread-safe. Config records must be public.
 */
public final class TaskConfigs {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<Class<?>> SCALARS = Set.of(int.class, Integer.class, long.class, Long.class,
      double.class, Double.class, float.class, Float.class, boolean.class, Boolean.class, String.class);
  private static final Set<Class<?>> LIST_ELEMENTS = Set.of(Integer.class, Long.class, Double.class, Boolean.class,
      String.class);

  private TaskConfigs() {}

  /**
   * Checks that {@code type} is a public record with a {@code public static defaults()} factory and only supported
   * component types.
   *
   * @param type the config record type
   * @throws TaskDefinitionException naming the type and the first offending component
   */
  public static void checkConfigType(Class<?> type) {
    if (!type.isRecord() || !Modifier.isPublic(type.getModifiers())) {
      throw new TaskDefinitionException("config type " + type.getName() + " must be a public record");
    }
    for (RecordComponent rc : type.getRecordComponents()) {
      if (!supported(rc.getGenericType())) {
        throw new TaskDefinitionException("config " + type.getSimpleName() + " component " + rc.getName()
            + " has unsupported type " + rc.getGenericType().getTypeName()
            + "; expected int, long, double, float, boolean, String, an enum or a List of those");
      }
    }
    defaultsMethod(type);
  }

  /**
   * The default config of a type: the result of its {@code public static defaults()}.
   *
   * @param type the config record type
   * @param <C>  the config type
   * @return the defaults, not null
   * @throws TaskDefinitionException if the factory is missing, not static, returns null or throws
   */
  public static <C extends Record> C defaults(Class<C> type) {
    Method m = defaultsMethod(type);
    try {
      Object v = m.invoke(null);
      if (v == null) {
        throw new TaskDefinitionException("config " + type.getName() + ".defaults() returned null");
      }
      return type.cast(v);
    } catch (InvocationTargetException e) {
      throw new TaskDefinitionException("config " + type.getName() + ".defaults() failed: " + e.getCause(),
          e.getCause());
    } catch (IllegalAccessException e) {
      throw new TaskDefinitionException("config " + type.getName() + ".defaults() is not accessible", e);
    }
  }

  /**
   * The component name a key refers to.
   *
   * @param type the config record type
   * @param key  a component name or its snake_case form
   * @return the component name
   * @throws TaskDefinitionException naming the key (sanitised) and listing the valid keys, if it matches none
   */
  public static String componentName(Class<? extends Record> type, String key) {
    Objects.requireNonNull(key, "key");
    String camel = snakeToCamel(key);
    for (RecordComponent rc : type.getRecordComponents()) {
      if (rc.getName().equals(key) || rc.getName().equals(camel)) {
        return rc.getName();
      }
    }
    throw new TaskDefinitionException("unknown config key '" + Messages.sanitize(key) + "' for "
        + type.getSimpleName() + "; valid keys: " + validKeys(type));
  }

  /**
   * The config {@code defaults()} with the given values applied, validated by the record.
   *
   * @param type      the config record type
   * @param overrides keys (component names or snake_case) to raw values: YAML scalars, lists, or strings from the
   *                  command line; iteration order does not matter
   * @param <C>       the config type
   * @return the new config
   * @throws TaskDefinitionException for an unknown or repeated key, a value of the wrong type, or a value the
   *                                 record's constructor rejects; the message names the key and the value
   */
  public static <C extends Record> C resolve(Class<C> type, Map<String, ?> overrides) {
    C base = defaults(type);
    RecordComponent[] rcs = type.getRecordComponents();
    Map<String, Object> byComponent = new LinkedHashMap<>();
    Map<String, String> keyOf = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : overrides.entrySet()) {
      String name = componentName(type, e.getKey());
      String previous = keyOf.put(name, e.getKey());
      if (previous != null) {
        throw new TaskDefinitionException("config key '" + Messages.sanitize(e.getKey()) + "' of " + type.getSimpleName()
            + " repeats '" + Messages.sanitize(previous) + "' (both name component " + name + ")");
      }
      byComponent.put(name, e.getValue());
    }
    Object[] args = new Object[rcs.length];
    Class<?>[] types = new Class<?>[rcs.length];
    for (int i = 0; i < rcs.length; i++) {
      RecordComponent rc = rcs[i];
      types[i] = rc.getType();
      if (byComponent.containsKey(rc.getName())) {
        args[i] = convert(type, rc.getName(), rc.getGenericType(), byComponent.get(rc.getName()));
      } else {
        args[i] = read(rc, base);
      }
    }
    return construct(type, types, args);
  }

  /**
   * The resolved config as a map from component name to value, in component order: numbers, booleans and strings
   * as they are, enums as their constant name, lists as lists of those. Feeding it back to {@link #resolve} gives an
   * equal config.
   *
   * @param config a config record
   * @return an unmodifiable, insertion-ordered map
   */
  public static Map<String, Object> toMap(Record config) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (RecordComponent rc : config.getClass().getRecordComponents()) {
      out.put(rc.getName(), plain(read(rc, config)));
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * The resolved config as compact JSON of {@link #toMap}: the same config always gives the same text (component
   * order, {@link Double#toString} number text, NaN and infinities as quoted strings).
   *
   * @param config a config record
   * @return JSON text
   */
  public static String toJson(Record config) {
    try {
      return JSON.writeValueAsString(toMap(config));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise config " + config.getClass().getName(), e);
    }
  }

  /* ---------------------------------------------------------------------------------------------------------- */

  private static Method defaultsMethod(Class<?> type) {
    Method m;
    try {
      m = type.getMethod("defaults");
    } catch (NoSuchMethodException e) {
      throw new TaskDefinitionException("config " + type.getName() + " has no public static defaults() factory");
    }
    if (!Modifier.isStatic(m.getModifiers()) || m.getReturnType() != type) {
      throw new TaskDefinitionException("config " + type.getName() + ".defaults() must be static and return "
          + type.getSimpleName());
    }
    return m;
  }

  private static String validKeys(Class<? extends Record> type) {
    return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList().toString();
  }

  static String snakeToCamel(String key) {
    StringBuilder b = new StringBuilder(key.length());
    boolean up = false;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '_' && b.length() > 0) {
        up = true;
      } else {
        b.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return b.toString();
  }

  private static boolean supported(Type t) {
    if (t instanceof Class<?> c) {
      return SCALARS.contains(c) || c.isEnum();
    }
    if (t instanceof ParameterizedType p && p.getRawType() == List.class) {
      Type e = p.getActualTypeArguments()[0];
      return e instanceof Class<?> c && (LIST_ELEMENTS.contains(c) || c.isEnum());
    }
    return false;
  }

  private static Object read(RecordComponent rc, Record r) {
    try {
      return rc.getAccessor().invoke(r);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new TaskDefinitionException("cannot read component " + rc.getName() + " of " + r.getClass().getName(), e);
    }
  }

  private static <C extends Record> C construct(Class<C> type, Class<?>[] types, Object[] args) {
    try {
      Constructor<C> ctor = type.getDeclaredConstructor(types);
      return ctor.newInstance(args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IllegalArgumentException || cause instanceof NullPointerException) {
        throw new TaskDefinitionException("invalid " + type.getSimpleName() + ": " + cause.getMessage(), cause);
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new TaskDefinitionException("constructing " + type.getName() + " failed: " + cause, cause);
    } catch (ReflectiveOperationException e) {
      throw new TaskDefinitionException("cannot construct config " + type.getName() + ": " + e, e);
    }
  }

  private static Object plain(Object v) {
    if (v instanceof Enum<?> e) {
      return e.name();
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) {
        out.add(plain(o));
      }
      return Collections.unmodifiableList(out);
    }
    return v;
  }

  private static Object convert(Class<?> type, String key, Type target, Object raw) {
    if (raw == null) {
      if (target instanceof Class<?> c && c.isPrimitive()) {
        throw bad(type, key, target, raw, "null, which a primitive cannot hold");
      }
      return null;
    }
    if (target instanceof ParameterizedType p) {
      Class<?> element = (Class<?>) p.getActualTypeArguments()[0];
      List<?> items;
      if (raw instanceof List<?> l) {
        items = l;
      } else if (raw instanceof String s) {
        items = splitList(s);
      } else {
        throw bad(type, key, target, raw, "not a list");
      }
      List<Object> out = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        Object item = items.get(i);
        if (item == null) {
          throw bad(type, key + "[" + i + "]", element, null, "null; list elements cannot be null");
        }
        out.add(scalar(type, key + "[" + i + "]", element, item));
      }
      return Collections.unmodifiableList(out);
    }
    return scalar(type, key, (Class<?>) target, raw);
  }

  private static List<String> splitList(String s) {
    String t = s.strip();
    if (t.startsWith("[") && t.endsWith("]")) {
      t = t.substring(1, t.length() - 1).strip();
    }
    if (t.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String part : t.split(",", -1)) {
      String p = part.strip();
      if (p.length() >= 2 && (p.startsWith("'") && p.endsWith("'") || p.startsWith("\"") && p.endsWith("\""))) {
        p = p.substring(1, p.length() - 1);
      }
      out.add(p);
    }
    return out;
  }

  private static Object scalar(Class<?> type, String key, Class<?> t, Object raw) {
    if (t == int.class || t == Integer.class) {
      long v = integral(type, key, t, raw);
      if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
        throw bad(type, key, t, raw, "out of the int range");
      }
      return (int) v;
    }
    if (t == long.class || t == Long.class) {
      return integral(type, key, t, raw);
    }
    if (t == double.class || t == Double.class || t == float.class || t == Float.class) {
      double v;
      if (raw instanceof Number n) {
        v = n.doubleValue();
      } else if (raw instanceof String s) {
        try {
          v = Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
          throw bad(type, key, t, raw, "not a number");
        }
      } else {
        throw bad(type, key, t, raw, "not a number");
      }
      return t == float.class || t == Float.class ? (Object) (float) v : (Object) v;
    }
    if (t == boolean.class || t == Boolean.class) {
      if (raw instanceof Boolean b) {
        return b;
      }
      if (raw instanceof String s) {
        String k = s.strip().toLowerCase(Locale.ROOT);
        if (k.equals("true") || k.equals("false")) {
          return Boolean.valueOf(k);
        }
      }
      throw bad(type, key, t, raw, "not true or false");
    }
    if (t == String.class) {
      if (raw instanceof String s) {
        return s;
      }
      throw bad(type, key, t, raw, "not a string (quote it in YAML)");
    }
    if (t.isEnum()) {
      if (raw instanceof String s) {
        String k = s.strip().replace('-', '_');
        for (Object constant : t.getEnumConstants()) {
          if (((Enum<?>) constant).name().equalsIgnoreCase(k)) {
            return constant;
          }
        }
      }
      throw bad(type, key, t, raw, "not one of " + Arrays.toString(t.getEnumConstants()));
    }
    throw new TaskDefinitionException("config " + type.getSimpleName() + " key " + key + ": unsupported type "
        + t.getName());
  }

  private static long integral(Class<?> type, String key, Class<?> t, Object raw) {
    if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
      return ((Number) raw).longValue();
    }
    if (raw instanceof java.math.BigInteger bi) {
      try {
        return bi.longValueExact();
      } catch (ArithmeticException e) {
        throw bad(type, key, t, raw, "out of the long range");
      }
    }
    if (raw instanceof String s) {
      try {
        return Long.parseLong(s.strip());
      } catch (NumberFormatException e) {
        throw bad(type, key, t, raw, "not an integer");
      }
    }
    throw bad(type, key, t, raw, "not an integer");
  }

  private static TaskDefinitionException bad(Class<?> type, String key, Type target, Object raw, String why) {
    String shown = raw instanceof String ? "'" + Messages.sanitize(raw) + "'" : Messages.sanitize(raw)
        + (raw == null ? "" : " (" + raw.getClass().getSimpleName() + ")");
    return new TaskDefinitionException("config key " + key + " of " + type.getSimpleName() + " expects "
        + simpleName(target) + ", but the value " + shown + " is " + why);
  }

  private static String simpleName(Type t) {
    return t instanceof Class<?> c ? c.getSimpleName() : t.getTypeName().replace("java.lang.", "")
        .replace("java.util.", "");
  }
}
