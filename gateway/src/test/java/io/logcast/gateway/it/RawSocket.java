package io.logcast.gateway.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A plain TCP client that speaks as little HTTP and WebSocket as a slow or hostile client would. */
final class RawSocket implements AutoCloseable {
  static final String WS_KEY = "dGhlIHNhbXBsZSBub25jZQ==";

  /** What was read until the server closed the connection, and how long that took. */
  record Ending(boolean closed, byte[] bytes, Duration took) {
    String text() {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
  }

  private final Socket socket = new Socket();

  /** {@code from}: the local address to connect from (any 127.x.y.z on Linux), or null. */
  RawSocket(int port, String from) throws IOException {
    if (from != null) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
    }
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
  }

  static String upgradeRequest() {
    return "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + WS_KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
  }

  RawSocket send(String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return this;
  }

  /** A masked text frame, as a client must send it. */
  RawSocket sendText(String text) throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    if (payload.length > 125) {
      throw new IllegalArgumentException("short frames only");
    }
    byte[] mask = {1, 2, 3, 4};
    byte[] frame = new byte[6 + payload.length];
    frame[0] = (byte) 0x81;
    frame[1] = (byte) (0x80 | payload.length);
    System.arraycopy(mask, 0, frame, 2, 4);
    for (int i = 0; i < payload.length; i++) {
      frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
    }
    socket.getOutputStream().write(frame);
    socket.getOutputStream().flush();
    return this;
  }

  /** The response head (status line and headers), read within {@code within}. */
  String head(Duration within) throws IOException {
    socket.setSoTimeout((int) within.toMillis());
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return head.toString();
  }

  /** The HTTP status of the response head read within {@code within}; 0 if the connection closed first. */
  int status(Duration within) throws IOException {
    String head = head(within);
    return head.startsWith("HTTP/1.1 ") ? Integer.parseInt(head.substring(9, 12)) : 0;
  }

  /** Reads until the server closes the connection, or {@code within} passes (then {@code closed} is false). */
  Ending untilClosed(Duration within) throws IOException {
    long start = System.nanoTime();
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] buf = new byte[4096];
    boolean closed;
    try {
      for (;;) {
        long left = within.toMillis() - (System.nanoTime() - start) / 1_000_000;
        if (left <= 0) {
          throw new SocketTimeoutException();
        }
        socket.setSoTimeout((int) left);
        int n = in.read(buf);
        if (n < 0) {
          closed = true;
          break;
        }
        read.write(buf, 0, n);
      }
    } catch (SocketTimeoutException e) {
      closed = false;
    } catch (SocketException reset) {
      closed = true;
    }
    return new Ending(closed, read.toByteArray(), Duration.ofNanos(System.nanoTime() - start));
  }

  /** The status code of the first close frame in {@code bytes} (server frames are unmasked), or -1. */
  static int closeCode(byte[] bytes) {
    for (int i = 0; i + 3 < bytes.length; i++) {
      if ((bytes[i] & 0xff) == 0x88 && (bytes[i + 1] & 0x7f) >= 2 && (bytes[i + 1] & 0x80) == 0) {
        return ((bytes[i + 2] & 0xff) << 8) | (bytes[i + 3] & 0xff);
      }
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
