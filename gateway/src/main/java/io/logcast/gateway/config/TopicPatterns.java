package io.logcast.gateway.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Topic allow-list: patterns where {@code *} matches any run of characters (PROTOCOL.md's grammar
 * for the topic part). Compiled once; checked on every subscribe and publish.
 */
public final class TopicPatterns {
  private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9._*-]+");
  private final List<Pattern> patterns;

  public TopicPatterns(List<String> globs) {
    this.patterns = globs.stream().map(TopicPatterns::compile).toList();
  }

  public static boolean isValid(String glob) {
    return VALID.matcher(glob).matches();
  }

  public boolean allows(String topic) {
    for (Pattern p : patterns) {
      if (p.matcher(topic).matches()) {
        return true;
      }
    }
    return false;
  }

  static Pattern compile(String glob) {
    StringBuilder re = new StringBuilder();
    String[] parts = glob.split("\\*", -1);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        re.append(".*");
      }
      if (!parts[i].isEmpty()) {
        re.append(Pattern.quote(parts[i]));
      }
    }
    return Pattern.compile(re.toString());
  }
}
