package io.logcast.gateway.it;

import static io.logcast.gateway.GatewayFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.GatewayFixture;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket endpoint at the frame level (RFC 6455), through a hand-written client on a plain
 * TCP socket: the gateway serves upgraded connections on Netty itself, so fragments, control
 * frames, the close handshake, invalid text and refused upgrades are its own to get right.
 */
class WebSocketFramesIT {
  static final int TEXT = 0x1;
  private static final int CONTINUATION = 0x0;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  private static final int PONG = 0xA;
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(Map.of("limits.maxMessageBytes", "4096"));
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void aHelloInFragmentsIsAssembled() throws IOException {
    try (RawSocket s = RawSocket.open(gw.wsUrl())) {
      byte[] hello = "{\"type\":\"hello\"}".getBytes(StandardCharsets.UTF_8);
      s.send(TEXT, false, Arrays.copyOfRange(hello, 0, 5));
      s.send(PING, true, "between".getBytes(StandardCharsets.UTF_8)); // control frames may interleave
      s.send(CONTINUATION, false, Arrays.copyOfRange(hello, 5, 9));
      s.send(CONTINUATION, true, Arrays.copyOfRange(hello, 9, hello.length));
      Frame pong = s.read();
      assertThat(pong.opcode).isEqualTo(PONG);
      assertThat(pong.text()).isEqualTo("between");
      Frame welcome = s.read();
      assertThat(welcome.opcode).isEqualTo(TEXT);
      assertThat(new JsonObject(welcome.text()).getString("type")).isEqualTo("welcome");
    }
  }

  @Test
  void aHelloSentWithTheUpgradeRequestIsNotLost() throws IOException {
    byte[] hello = RawSocket.frame(TEXT, true, "{\"type\":\"hello\"}".getBytes(StandardCharsets.UTF_8), true);
    try (RawSocket s = RawSocket.open(gw.wsUrl(), hello)) {
      Frame welcome = s.read();
      assertThat(new JsonObject(welcome.text()).getString("type")).isEqualTo("welcome");
    }
  }

  @Test
  void aSingleFramePastTheCeilingCloses1009WithACloseFrame() throws IOException {
    try (RawSocket s = RawSocket.open(gw.wsUrl())) {
      s.send(TEXT, true, "x".repeat(9_000).getBytes(StandardCharsets.UTF_8)); // past twice 4,096 B
      assertThat(s.readClose()).isEqualTo(1009);
    }
  }

  @Test
  void anUnmaskedClientFrameCloses1002() throws IOException {
    try (RawSocket s = RawSocket.open(gw.wsUrl())) {
      s.sendRaw(RawSocket.frame(TEXT, true, "{\"type\":\"hello\"}".getBytes(StandardCharsets.UTF_8), false));
      assertThat(s.readClose()).isEqualTo(1002);
    }
  }

  @Test
  void theServerEchoesTheClientsCloseAndDropsTheConnection() throws IOException {
    try (RawSocket s = RawSocket.open(gw.wsUrl())) {
      s.send(CLOSE, true, new byte[] {0x03, (byte) 0xE8}); // 1000
      Frame echo = s.read();
      assertThat(echo.opcode).isEqualTo(CLOSE);
      assertThat(echo.closeCode()).isEqualTo(1000);
      assertThat(s.atEnd()).isTrue();
    }
  }

  @Test
  void aServerCloseAnsweredByTheClientEndsTheConnectionAtOnce() throws IOException {
    try (RawSocket s = RawSocket.open(gw.wsUrl())) {
      s.send(0x2, true, new byte[] {1, 2, 3}); // binary: the server closes 1003
      Frame close = s.read();
      assertThat(close.closeCode()).isEqualTo(1003);
      s.send(CLOSE, true, close.payload());
      // well inside the server's 10 s closing timeout: the answer, not the timer, ends it
      s.timeout(Duration.ofSeconds(5));
      assertThat(s.atEnd()).isTrue();
    }
  }

  @Test
  void invalidUtf8Closes1007() throws IOException {
    try (RawSocket s = RawSocket.open(gw.wsUrl())) {
      s.send(TEXT, true, new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
      assertThat(s.readClose()).isEqualTo(1007);
    }
  }

  @Test
  void aFragmentedMessagePastTheCeilingCloses1009() throws IOException {
    try (RawSocket s = RawSocket.open(gw.wsUrl())) {
      byte[] part = "x".repeat(3_000).getBytes(StandardCharsets.UTF_8);
      s.send(TEXT, false, part);
      s.send(CONTINUATION, false, part);
      s.send(CONTINUATION, false, part); // 9,000 B: past twice the 4,096 B limit, never assembled
      assertThat(s.readClose()).isEqualTo(1009);
    }
  }

  @Test
  void anUnsupportedVersionGets426WithTheVersionSpoken() throws IOException {
    String response = RawSocket.upgradeResponse(gw.wsUrl(), "99", true);
    assertThat(response).startsWith("HTTP/1.1 426");
    assertThat(response.toLowerCase()).contains("sec-websocket-version: 13");
    assertThat(body(response).getString("code")).isEqualTo("bad_request");
  }

  @Test
  void aDraftVersionGets426() throws IOException {
    assertThat(RawSocket.upgradeResponse(gw.wsUrl(), "8", true)).startsWith("HTTP/1.1 426");
  }

  @Test
  void anUpgradeWithoutAKeyGets400() throws IOException {
    String response = RawSocket.upgradeResponse(gw.wsUrl(), "13", false);
    assertThat(response).startsWith("HTTP/1.1 400");
    assertThat(body(response).getString("code")).isEqualTo("bad_request");
  }

  private static JsonObject body(String response) {
    return new JsonObject(response.substring(response.indexOf("\r\n\r\n") + 4));
  }

  record Frame(int opcode, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    int closeCode() {
      return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
    }
  }

  /** A blocking client that writes masked frames and reads unmasked ones; test-thread only. */
  static final class RawSocket implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawSocket(Socket socket) throws IOException {
      this.socket = socket;
      socket.setSoTimeout((int) WAIT.toMillis());
      this.in = new DataInputStream(socket.getInputStream());
      this.out = socket.getOutputStream();
    }

    static RawSocket open(String wsUrl) throws IOException {
      return open(wsUrl, new byte[0]);
    }

    /** {@code early}: bytes sent in the same write as the upgrade request, before the 101. */
    static RawSocket open(String wsUrl, byte[] early) throws IOException {
      URI uri = URI.create(wsUrl);
      RawSocket s = new RawSocket(new Socket(uri.getHost(), uri.getPort()));
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      request.writeBytes(request(uri, "13", true));
      request.writeBytes(early);
      s.out.write(request.toByteArray());
      String head = s.head();
      assertThat(head).startsWith("HTTP/1.1 101");
      return s;
    }

    /** The whole response to an upgrade request, for refusals (the server ends them). */
    static String upgradeResponse(String wsUrl, String version, boolean withKey) throws IOException {
      URI uri = URI.create(wsUrl);
      try (RawSocket s = new RawSocket(new Socket(uri.getHost(), uri.getPort()))) {
        s.out.write(request(uri, version, withKey));
        String head = s.head();
        int length = Integer.parseInt(head.replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
        return head + new String(s.in.readNBytes(length), StandardCharsets.UTF_8);
      }
    }

    private static byte[] request(URI uri, String version, boolean withKey) {
      return ("GET " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
          + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
          + (withKey ? "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" : "")
          + "Sec-WebSocket-Version: " + version + "\r\nSec-WebSocket-Protocol: logcast.v1\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);
    }

    /** The status line and headers, through the blank line. */
    private String head() throws IOException {
      StringBuilder b = new StringBuilder();
      while (b.length() < 4 || !b.substring(b.length() - 4).equals("\r\n\r\n")) {
        int c = in.read();
        if (c < 0) {
          throw new EOFException("connection closed in the response head: " + b);
        }
        b.append((char) c);
      }
      return b.toString();
    }

    void send(int opcode, boolean fin, byte[] payload) throws IOException {
      out.write(frame(opcode, fin, payload, true));
      out.flush();
    }

    /** A client frame (masked unless told otherwise: RFC 6455 requires the mask). */
    static byte[] frame(int opcode, boolean fin, byte[] payload, boolean masked) {
      byte[] mask = {0x11, 0x22, 0x33, 0x44};
      int maskBit = masked ? 0x80 : 0;
      ByteArrayOutputStream f = new ByteArrayOutputStream();
      f.write((fin ? 0x80 : 0) | opcode);
      if (payload.length < 126) {
        f.write(maskBit | payload.length);
      } else {
        f.write(maskBit | 126);
        f.write(payload.length >> 8);
        f.write(payload.length & 0xFF);
      }
      if (masked) {
        f.writeBytes(mask);
      }
      for (int i = 0; i < payload.length; i++) {
        f.write(masked ? payload[i] ^ mask[i % 4] : payload[i]);
      }
      return f.toByteArray();
    }

    void sendRaw(byte[] bytes) throws IOException {
      out.write(bytes);
      out.flush();
    }

    Frame read() throws IOException {
      int b0 = in.readUnsignedByte();
      int b1 = in.readUnsignedByte();
      long length = b1 & 0x7F;
      if (length == 126) {
        length = in.readUnsignedShort();
      } else if (length == 127) {
        length = in.readLong();
      }
      byte[] payload = new byte[(int) length];
      in.readFully(payload);
      return new Frame(b0 & 0x0F, payload);
    }

    void timeout(Duration timeout) throws IOException {
      socket.setSoTimeout((int) timeout.toMillis());
    }

    /** The status code of the next frame, which must be a close frame. */
    int readClose() throws IOException {
      Frame close = read();
      assertThat(close.opcode()).isEqualTo(CLOSE);
      return close.closeCode();
    }

    /** True when the server has closed the TCP connection (end of stream). */
    boolean atEnd() throws IOException {
      return in.read() < 0;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
