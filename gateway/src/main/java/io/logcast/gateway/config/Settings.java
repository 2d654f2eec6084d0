package io.logcast.gateway.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Typed reads from flat key → text settings, collecting every problem instead of stopping at the first. */
final class Settings {
  private final Map<String, String> values;
  private final List<String> problems = new ArrayList<>();
  /** Every key read, as the gateway uses it: its value, or the default it fell back to. */
  private final Map<String, String> effective = new TreeMap<>();

  Settings(Map<String, String> values) {
    this.values = values;
  }

  Map<String, String> effective() {
    return effective;
  }

  List<String> problems() {
    return problems;
  }

  void problem(String text) {
    problems.add(text);
  }

  String string(String key, String def) {
    String v = values.get(key);
    String out = v == null || v.isBlank() ? def : v.trim();
    if (out != null) {
      effective.put(key, out);
    }
    return out;
  }

  String required(String key) {
    String v = string(key, null);
    if (v == null) {
      problems.add(key + ": required (env " + ConfigKeys.envName(key) + ")");
    }
    return v;
  }

  boolean isSet(String key) {
    return string(key, null) != null;
  }

  boolean bool(String key, boolean def) {
    String v = string(key, null);
    if (v == null) {
      effective.put(key, Boolean.toString(def));
      return def;
    }
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v);
    }
    problems.add(key + ": '" + v + "' is not true or false");
    return def;
  }

  int integer(String key, int def, int min, int max) {
    return (int) number(key, def, min, max);
  }

  long number(String key, long def, long min, long max) {
    String v = string(key, null);
    if (v == null) {
      effective.put(key, Long.toString(def));
      return def;
    }
    try {
      long n = Long.parseLong(v.replace("_", ""));
      if (n < min || n > max) {
        problems.add(key + ": " + n + " is outside " + min + ".." + max);
        return def;
      }
      return n;
    } catch (NumberFormatException e) {
      problems.add(key + ": '" + v + "' is not a whole number");
      return def;
    }
  }

  List<String> list(String key) {
    String v = string(key, null);
    if (v == null) {
      return List.of();
    }
    return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  <E extends Enum<E>> E choice(String key, Class<E> type) {
    return choice(key, type, null);
  }

  /** With a default when absent; without one (null) the key is required. */
  <E extends Enum<E>> E choice(String key, Class<E> type, E def) {
    String v = def == null ? required(key) : string(key, null);
    if (v == null) {
      if (def != null) {
        effective.put(key, def.name().toLowerCase(java.util.Locale.ROOT));
      }
      return def;
    }
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(v)) {
        return e;
      }
    }
    problems.add(key + ": '" + v + "' is not one of " + Arrays.toString(type.getEnumConstants()).toLowerCase());
    return null;
  }
}
