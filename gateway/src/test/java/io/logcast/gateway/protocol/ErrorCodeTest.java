package io.logcast.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link ErrorCode} is the one error-code table: docs/protocol.md ("Errors", and the statuses of the
 * HTTP publish API) and the SDK's list of server error codes must agree with it.
 */
class ErrorCodeTest {
  private static final String DOC = DocTables.read("docs", "protocol.md");

  private static List<String> wireNames() {
    return Arrays.stream(ErrorCode.values()).map(ErrorCode::wire).toList();
  }

  private static ErrorCode byWire(String wire) {
    return Arrays.stream(ErrorCode.values()).filter(c -> c.wire().equals(wire)).findFirst().orElse(null);
  }

  /** A table of docs/protocol.md as code → HTTP status. */
  private static Map<String, Integer> statuses(String section, String firstHeader, int codeCell, int statusCell) {
    Map<String, Integer> byCode = new LinkedHashMap<>();
    for (List<String> cells : DocTables.table(DOC, section, firstHeader)) {
      Integer previous = byCode.put(cells.get(codeCell), Integer.valueOf(cells.get(statusCell)));
      assertThat(previous).as("%s listed twice in '%s'", cells.get(codeCell), section).isNull();
    }
    return byCode;
  }

  /** The words of the parenthesis after {@code marker} in {@code text}: "…marker (a, b, c)…" → [a, b, c]. */
  private static List<String> listAfter(String text, String marker) {
    Matcher m = Pattern.compile(Pattern.quote(marker) + "\\s*\\(([^)]*)\\)").matcher(text);
    assertThat(m.find()).as("'%s (…)'", marker).isTrue();
    return Arrays.stream(m.group(1).replaceAll("[\\s*`]+", " ").split(",")).map(String::strip).toList();
  }

  @Test
  void wireNamesAreDistinctSnakeCase() {
    assertThat(wireNames()).doesNotHaveDuplicates().allMatch(w -> w.matches("[a-z]+(_[a-z]+)*"));
  }

  @Test
  void docsListExactlyTheEnumsCodesWithTheirHttpStatus() {
    Map<String, Integer> docs = statuses("Errors", "code", 0, 1);
    assertThat(docs.keySet()).containsExactlyInAnyOrderElementsOf(wireNames());
    for (ErrorCode c : ErrorCode.values()) {
      assertThat(docs.get(c.wire())).as("HTTP status of %s", c.wire()).isEqualTo(c.httpStatus());
    }
  }

  @Test
  void theHttpApisStatusesAreTheEnums() {
    statuses("HTTP publish API", "Status", 1, 0).forEach((wire, status) -> {
      ErrorCode c = byWire(wire);
      assertThat(c).as("'%s' of the HTTP publish API is an ErrorCode", wire).isNotNull();
      assertThat(status).as("HTTP status of %s", wire).isEqualTo(c.httpStatus());
    });
  }

  @Test
  void theSdkListsExactlyTheEnumsCodes() {
    String types = DocTables.read("client-js", "src", "logcast-errors.d.ts");
    assertThat(listAfter(types, "A server error code")).containsExactlyInAnyOrderElementsOf(wireNames());
    String readme = DocTables.read("client-js", "README.md");
    assertThat(listAfter(readme, "with a `code`: the server's")).containsExactlyInAnyOrderElementsOf(wireNames());
  }
}
