package io.logcast.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The phases of an HTTP/1 connection, on Netty's embedded channel with a frozen clock. */
class HttpDeadlinesTest {
  private static final long HEADER_MS = 500;
  private static final long BODY_MS = 700;
  private static final long IDLE_MS = 1_000;
  private static final String GET = "GET /x HTTP/1.1\r\nHost: h\r\n\r\n";

  private final AtomicInteger slow = new AtomicInteger();
  private final java.util.concurrent.atomic.AtomicBoolean busy = new java.util.concurrent.atomic.AtomicBoolean();
  private EmbeddedChannel channel;

  @BeforeEach
  void setUp() {
    channel = new EmbeddedChannel();
    channel.freezeTime();
    channel.pipeline().addLast("httpDecoder", new HttpRequestDecoder());
    channel.pipeline().addLast("httpEncoder", new HttpResponseEncoder());
    channel.pipeline().addLast("handler", new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
      }
    });
    HttpDeadlines.Activity activity = new HttpDeadlines.Activity() {
      @Override
      public void busy() {
        busy.set(true);
      }

      @Override
      public void waiting() {
        busy.set(false);
      }
    };
    assertThat(HttpDeadlines.install(channel, HEADER_MS, BODY_MS, IDLE_MS, slow::incrementAndGet, activity)).isTrue();
  }

  private void send(String text) {
    channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
  }

  private void after(long ms) {
    channel.advanceTimeBy(ms, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
  }

  private void respond() {
    channel.pipeline().context("handler").writeAndFlush(
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
    channel.releaseOutbound();
  }

  @Test
  void halfARequestLineIsClosedAtTheHeaderTimeout() {
    send("GET /x HT");
    after(HEADER_MS - 1);
    assertThat(channel.isActive()).isTrue();
    after(2);
    assertThat(channel.isActive()).isFalse();
    assertThat(slow).hasValue(1);
  }

  @Test
  void noRequestAtAllIsTimedFromTheAccept() {
    after(HEADER_MS + 1);
    assertThat(channel.isActive()).isFalse();
  }

  @Test
  void aRequestBeingHandledIsNotTimedThenTheIdleConnectionIs() {
    send(GET);
    after(10 * IDLE_MS);
    assertThat(channel.isActive()).as("the handler's own bounds apply").isTrue();
    assertThat(busy).as("a request being handled is not pending").isTrue();
    respond();
    assertThat(busy).isFalse();
    after(IDLE_MS - 1);
    assertThat(channel.isActive()).isTrue();
    after(2);
    assertThat(channel.isActive()).isFalse();
    assertThat(slow).as("an idle close is no slow request").hasValue(0);
  }

  @Test
  void theNextRequestsFirstByteStartsItsHeaderTimeout() {
    send(GET);
    respond();
    after(IDLE_MS / 2);
    send("GE");
    after(HEADER_MS + 1);
    assertThat(channel.isActive()).isFalse();
    assertThat(slow).hasValue(1);
  }

  @Test
  void aBodyNotReadInTimeIsClosed() {
    send("POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc");
    after(BODY_MS - 1);
    assertThat(channel.isActive()).isTrue();
    after(2);
    assertThat(channel.isActive()).isFalse();
    assertThat(slow).hasValue(1);
  }

  @Test
  void theUpgradeRemovesEveryDeadline() {
    send(GET);
    HttpDeadlines.remove(channel.pipeline());
    respond();
    after(10 * IDLE_MS);
    assertThat(channel.isActive()).isTrue();
    assertThat(channel.pipeline().get(HttpDeadlines.DEADLINES)).isNull();
    assertThat(channel.pipeline().get(HttpDeadlines.FIRST_BYTES)).isNull();
  }
}
