package io.logcast.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SSE side of {@code logcast subscribe} without a gateway: the stream URL, and the parser's position. */
class SseSubscriptionTest {
  @Test
  void theStreamUrlComesFromTheGatewayOrItsWebSocketUrl() {
    assertThat(SseSubscription.streamUri("ws://localhost:8080/ws", "orders", null, "latest"))
        .hasToString("http://localhost:8080/v1/stream?sub=orders&from=latest");
    assertThat(SseSubscription.streamUri("wss://gw.example.com/logcast/ws", "orders", "eu/42", "time:5"))
        .hasToString("https://gw.example.com/logcast/v1/stream?sub=orders%2Feu%2F42&from=time%3A5");
    assertThat(SseSubscription.streamUri("http://127.0.0.1:9000", "t", null, "earliest"))
        .hasToString("http://127.0.0.1:9000/v1/stream?sub=t&from=earliest");
    assertThat(SseSubscription.streamUri("https://edge.example.com/custom/stream", "t", null, "earliest"))
        .hasToString("https://edge.example.com/custom/stream?sub=t&from=earliest");
  }

  @Test
  void onlyWholeEventsMoveThePositionAndRetrySetsTheDelay() {
    List<String> data = new ArrayList<>();
    long[] retry = {0};
    EventStreamParser p = new EventStreamParser("1~e.0", (id, d) -> data.add(id + " " + d), ms -> retry[0] = ms);
    for (String line : List.of("retry: 1000", "", ": ping", "id: 1~e.1", "data: {\"a\":1}", "", "data: {\"c\":0}", "",
        "id: 1~e.2", "data: {\"b\":2}")) {
      p.line(line);
    }
    // the last event was cut before its blank line: not dispatched, the position stays
    assertThat(data).containsExactly("1~e.1 {\"a\":1}", "1~e.1 {\"c\":0}");
    assertThat(p.lastEventId()).isEqualTo("1~e.1");
    assertThat(retry[0]).isEqualTo(1000);
  }
}
