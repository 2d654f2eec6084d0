package io.logcast.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The WebSocket side of {@code logcast subscribe} over a socket that keeps java.net.http's rule:
 * one text send at a time, the next one failed while it is pending.
 */
class SubscribeListenerTest {
  @Test
  void aWelcomeThatComesBackBeforeTheHelloIsSentStillGetsTheSubscribe() {
    SubscribeCommand command = new SubscribeCommand();
    new CommandLine(command).parseArgs("-t", "orders", "-k", "order-9", "--from", "earliest", "-n", "1");
    OneSendAtATime ws = new OneSendAtATime();
    WebSocket.Listener listener = command.listener(null, "earliest");

    listener.onOpen(ws);
    listener.onText(ws, "{\"type\":\"welcome\",\"session\":\"s\",\"node\":\"n\"}", true);
    assertThat(ws.sent).as("the subscribe waits for the hello's send").hasSize(1);
    assertThat(ws.refused).isZero();

    ws.pending.complete(ws);
    assertThat(ws.sent).hasSize(2);
    JsonObject subscribe = new JsonObject(ws.sent.get(1));
    assertThat(subscribe.getString("type")).isEqualTo("subscribe");
    assertThat(subscribe.getString("key")).isEqualTo("order-9");
    assertThat(subscribe.getString("from")).isEqualTo("earliest");
    assertThat(ws.refused).isZero();
  }

  @Test
  void aSendThatFailsEndsTheCommandWithExitCode1() {
    SubscribeCommand command = new SubscribeCommand();
    new CommandLine(command).parseArgs("-t", "orders");
    OneSendAtATime ws = new OneSendAtATime();
    WebSocket.Listener listener = command.listener(null, "latest");
    String err = StdStreams.run("", () -> {
      listener.onOpen(ws);
      listener.onText(ws, "{\"type\":\"welcome\",\"session\":\"s\",\"node\":\"n\"}", true);
      ws.pending.completeExceptionally(new java.io.IOException("connection reset"));
      return 0;
    }).err();
    assertThat(err.lines()).containsExactly("logcast subscribe: cannot send to the gateway: connection reset");
    assertThat(command.exitCode()).isCompletedWithValue(1);
  }

  /** Text sends complete when the test says so; a second one while the first is pending fails, as in the JDK. */
  private static final class OneSendAtATime implements WebSocket {
    final List<String> sent = new ArrayList<>();
    CompletableFuture<WebSocket> pending = CompletableFuture.completedFuture(null);
    int refused;

    @Override
    public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
      if (!pending.isDone()) {
        refused++;
        return CompletableFuture.failedFuture(new IllegalStateException("Send pending"));
      }
      sent.add(data.toString());
      pending = new CompletableFuture<>();
      return pending;
    }

    @Override
    public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
      return CompletableFuture.completedFuture(this);
    }

    @Override
    public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
      return CompletableFuture.completedFuture(this);
    }

    @Override
    public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
      return CompletableFuture.completedFuture(this);
    }

    @Override
    public void request(long n) {
    }

    @Override
    public String getSubprotocol() {
      return "logcast.v1";
    }

    @Override
    public boolean isOutputClosed() {
      return false;
    }

    @Override
    public boolean isInputClosed() {
      return false;
    }

    @Override
    public void abort() {
    }
  }
}
