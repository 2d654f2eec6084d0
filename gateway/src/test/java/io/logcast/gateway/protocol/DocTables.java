package io.logcast.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads files of the repository (docs, SDK) and the tables of docs/protocol.md, for the table tests. */
final class DocTables {
  private DocTables() {}

  /** A file by its path from the repository root; tests run in gateway/ under Maven. */
  static String read(String first, String... more) {
    Path path = Path.of("..", first).resolve(Path.of("", more));
    if (!Files.exists(path)) {
      path = Path.of(first, more); // run from the repository root
    }
    assertThat(path).as("repository file %s", path.toAbsolutePath().normalize()).isRegularFile();
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The body rows of the table in section {@code ## <n>. <section>} whose header row starts with
   * {@code firstHeader}, cells cleaned by {@link #clean}.
   */
  static List<List<String>> table(String doc, String section, String firstHeader) {
    List<String> lines = doc.lines().toList();
    int at = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).matches("## \\d+\\. " + java.util.regex.Pattern.quote(section))) {
        at = i;
        break;
      }
    }
    assertThat(at).as("section '%s' in docs/protocol.md", section).isNotNegative();
    List<List<String>> rows = null;
    for (int i = at + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
      String line = lines.get(i);
      if (rows == null) {
        if (line.startsWith("|") && cells(line).get(0).equals(firstHeader)) {
          rows = new ArrayList<>();
          i++; // the |---| line
        }
      } else if (line.startsWith("|")) {
        rows.add(cells(line));
      } else {
        break;
      }
    }
    assertThat(rows).as("table '%s…' in section '%s' of docs/protocol.md", firstHeader, section).isNotEmpty();
    return rows;
  }

  private static List<String> cells(String line) {
    String inner = line.strip().replaceAll("^\\|", "").replaceAll("(?<!\\\\)\\|$", "");
    return Arrays.stream(inner.split("(?<!\\\\)\\|", -1)).map(DocTables::clean).toList();
  }

  /** Markdown emphasis and code marks removed, white space collapsed. */
  static String clean(String cell) {
    return cell.replace("**", "").replace("`", "").replaceAll("\\s+", " ").strip();
  }
}
