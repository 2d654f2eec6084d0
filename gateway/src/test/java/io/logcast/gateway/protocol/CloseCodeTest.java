package io.logcast.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.logcast.gateway.protocol.CloseCode.Advice;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link CloseCode} is the one close-code table: docs/protocol.md ("Close codes") and the SDK's
 * reconnect table (client-js/src/backoff.js) must list the same codes and advise the same.
 */
class CloseCodeTest {
  /** A row of the documented table: code, meaning, "sent today", "client should". */
  record Row(int code, String meaning, String sent, String clientShould) {}

  private static Map<Integer, Row> documented() {
    Map<Integer, Row> rows = new TreeMap<>();
    for (List<String> cells : DocTables.table(DocTables.read("docs", "protocol.md"), "Close codes", "Code")) {
      assertThat(cells).as("cells of %s", cells).hasSize(4);
      if (!cells.get(0).matches("\\d{4}")) {
        continue; // "HTTP 503 before the upgrade": not a close code
      }
      int code = Integer.parseInt(cells.get(0));
      Row previous = rows.put(code, new Row(code, cells.get(1), cells.get(2), cells.get(3)));
      assertThat(previous).as("close code %d documented twice", code).isNull();
    }
    return rows;
  }

  /**
   * The advice a "client should" cell gives: the longest advice wording the cell is, or starts with
   * followed by an explanation ("stop; do not reconnect automatically", "stop, fix the client").
   */
  static Advice parseAdvice(String cell) {
    String text = cell.toLowerCase(java.util.Locale.ROOT);
    return Arrays.stream(Advice.values())
        .filter(a -> text.equals(a.text()) || Stream.of(" (", "; ", ", ").anyMatch(sep -> text.startsWith(a.text() + sep)))
        .max(Comparator.comparingInt(a -> a.text().length()))
        .orElseGet(() -> fail("no Advice reads '" + cell + "'"));
  }

  private static final Pattern SDK_ENTRY =
      Pattern.compile("^\\s*(\\d{4}): \\{ action: '(\\w+)'(?:, reason: '[^']*')? \\},(?:\\s*//.*)?$");

  /** client-js/src/backoff.js's CLOSE_ACTIONS: code → action (stop, auth, slow, retry). */
  private static Map<Integer, String> sdk() {
    String js = DocTables.read("client-js", "src", "backoff.js");
    int start = js.indexOf("const CLOSE_ACTIONS = Object.freeze({");
    assertThat(start).as("CLOSE_ACTIONS in backoff.js").isNotNegative();
    int end = js.indexOf("});", start);
    Map<Integer, String> actions = new LinkedHashMap<>();
    for (String line : js.substring(js.indexOf('\n', start) + 1, end).lines().toList()) {
      if (line.isBlank() || line.strip().startsWith("//")) {
        continue;
      }
      Matcher m = SDK_ENTRY.matcher(line);
      if (!m.matches()) {
        fail("backoff.js: CLOSE_ACTIONS line not of the form  1000: { action: 'stop', reason: '…' },  : " + line);
      }
      String previous = actions.put(Integer.parseInt(m.group(1)), m.group(2));
      assertThat(previous).as("close code %s twice in backoff.js", m.group(1)).isNull();
    }
    return actions;
  }

  /** What the SDK may do for an advice: its actions are stop, auth (new token), slow (longer backoff), retry. */
  private static Set<String> sdkActionsFor(Advice advice) {
    if (!advice.reconnects()) {
      return Set.of("stop");
    }
    if (advice.needsNewToken()) {
      return Set.of("auth");
    }
    return switch (advice) {
      case RECONNECT_AFTER_LONGER_BACKOFF_RESUME -> Set.of("slow");
      // "after backoff": the SDK's normal backoff, or its longer one
      case RECONNECT_AFTER_BACKOFF -> Set.of("retry", "slow");
      default -> Set.of("retry");
    };
  }

  private static Set<Integer> enumCodes() {
    return Arrays.stream(CloseCode.values()).map(CloseCode::code).collect(Collectors.toSet());
  }

  @Test
  void codesAreDistinctAndOnlyTheReservedPseudoCodesAreOffTheWire() {
    assertThat(enumCodes()).hasSize(CloseCode.values().length);
    for (CloseCode c : CloseCode.values()) {
      // RFC 6455 §7.4.1: 1005, 1006 and 1015 must not be set as the status of a close frame
      assertThat(c.onWire()).as("%s onWire", c).isEqualTo(c.code() != 1005 && c.code() != 1006 && c.code() != 1015);
      assertThat(c.code()).as("%s", c).isBetween(1000, 4999);
    }
  }

  @Test
  void docsListExactlyTheCodesOfTheEnum() {
    assertThat(documented().keySet()).containsExactlyInAnyOrderElementsOf(enumCodes());
  }

  @Test
  void docsAdviseWhatTheEnumAdvises() {
    Map<Integer, Row> docs = documented();
    for (CloseCode c : CloseCode.values()) {
      Row row = docs.get(c.code());
      assertThat(row).as("close code %d (%s) in docs/protocol.md", c.code(), c).isNotNull();
      assertThat(parseAdvice(row.clientShould())).as("client should, for %d (%s)", c.code(), c).isEqualTo(c.advice());
    }
  }

  @Test
  void docsSayThePseudoCodesAreNeverSent() {
    Map<Integer, Row> docs = documented();
    for (CloseCode c : CloseCode.values()) {
      assertThat(docs.get(c.code()).sent().startsWith("never")).as("'sent today' of %d is never", c.code())
          .isEqualTo(!c.onWire());
    }
  }

  @Test
  void sdkListsExactlyTheCodesOfTheEnum() {
    assertThat(sdk().keySet()).containsExactlyInAnyOrderElementsOf(enumCodes());
  }

  @Test
  void sdkStopsOrReconnectsAsTheEnumAdvises() {
    Map<Integer, String> sdk = sdk();
    for (CloseCode c : CloseCode.values()) {
      assertThat(sdk.get(c.code())).as("backoff.js action for %d (%s, %s)", c.code(), c, c.advice())
          .isIn(sdkActionsFor(c.advice()));
    }
  }

  @Test
  void adviceIsReadFromTheWordingWithItsExplanation() {
    assertThat(parseAdvice("stop")).isEqualTo(Advice.STOP);
    assertThat(parseAdvice("stop; do not reconnect automatically")).isEqualTo(Advice.STOP);
    assertThat(parseAdvice("stop, fix the sender")).isEqualTo(Advice.STOP_FIX_SENDER);
    assertThat(parseAdvice("stop this connection (do not reconnect it)")).isEqualTo(Advice.STOP_THIS_CONNECTION);
    assertThat(parseAdvice("reconnect, resume (replays from the log)")).isEqualTo(Advice.RECONNECT_RESUME);
    assertThat(parseAdvice("reconnect")).isEqualTo(Advice.RECONNECT);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> parseAdvice("reconnect soon")).isInstanceOf(AssertionError.class);
  }
}
