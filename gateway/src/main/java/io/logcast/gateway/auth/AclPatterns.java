package io.logcast.gateway.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code subscribe} / {@code publish} claims: patterns {@code topic} or {@code topic/key},
 * where {@code *} matches any run of characters within its part. A pattern without a key part
 * covers the whole topic (and therefore any single key of it); {@code topic/key} covers only
 * records with a matching key, so it never allows a whole-topic subscription or a keyless publish.
 */
public final class AclPatterns {
  /** Bounds the work one token can cause per check. */
  public static final int MAX_PATTERNS = 256;
  public static final int MAX_PATTERN_LENGTH = 2_048;
  private static final Pattern TOPIC_PART = Pattern.compile("[a-zA-Z0-9._*-]+");

  public static final AclPatterns NONE = new AclPatterns(List.of(), List.of());
  public static final AclPatterns ALL = new AclPatterns(List.of("*"), List.of(new Entry("*", null)));

  private record Entry(String topic, String key) {}

  private final List<String> source;
  private final List<Entry> entries;

  private AclPatterns(List<String> source, List<Entry> entries) {
    this.source = List.copyOf(source);
    this.entries = List.copyOf(entries);
  }

  /** @throws IllegalArgumentException naming the first bad pattern's position (never its text) */
  public static AclPatterns parse(List<String> patterns) {
    if (patterns.size() > MAX_PATTERNS) {
      throw new IllegalArgumentException("more than " + MAX_PATTERNS + " patterns");
    }
    List<Entry> entries = new ArrayList<>(patterns.size());
    for (int i = 0; i < patterns.size(); i++) {
      String p = patterns.get(i);
      if (p == null || p.isEmpty() || p.length() > MAX_PATTERN_LENGTH) {
        throw new IllegalArgumentException("pattern " + i + " is empty or too long");
      }
      int slash = p.indexOf('/');
      String topic = slash < 0 ? p : p.substring(0, slash);
      String key = slash < 0 ? null : p.substring(slash + 1);
      if (!TOPIC_PART.matcher(topic).matches() || (key != null && key.isEmpty())) {
        throw new IllegalArgumentException("pattern " + i + " is not 'topic' or 'topic/key'");
      }
      entries.add(new Entry(topic, key));
    }
    return new AclPatterns(patterns, entries);
  }

  /** {@code key} null: the whole topic (a keyless subscription or a publish without key). */
  public boolean allows(String topic, String key) {
    for (Entry e : entries) {
      if (glob(e.topic, topic) && (e.key == null || (key != null && glob(e.key, key)))) {
        return true;
      }
    }
    return false;
  }

  public List<String> patterns() {
    return source;
  }

  /**
   * {@code *} matches any run of characters. Iterative with one backtrack point, so it is
   * O(pattern × text) at worst; a regex could backtrack exponentially on hostile patterns.
   */
  static boolean glob(String pattern, String text) {
    int p = 0;
    int t = 0;
    int star = -1;
    int mark = 0;
    while (t < text.length()) {
      if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        mark = t;
      } else if (p < pattern.length() && pattern.charAt(p) == text.charAt(t)) {
        p++;
        t++;
      } else if (star >= 0) {
        p = star + 1;
        t = ++mark;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  @Override
  public String toString() {
    return source.toString();
  }
}
