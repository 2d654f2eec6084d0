package io.logcast.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Accepts one WebSocket upgrade, then drops the TCP connection without a close frame: the one
 * thing a well-behaved Vert.x server cannot be made to do.
 */
final class AbruptServer implements AutoCloseable {
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final Pattern KEY = Pattern.compile("(?im)^Sec-WebSocket-Key:\\s*(\\S+)\\s*$");
  private final ServerSocket server;

  AbruptServer() throws IOException {
    server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
    Thread t = new Thread(this::acceptOne, "abrupt-ws-server");
    t.setDaemon(true);
    t.start();
  }

  String url() {
    return "ws://127.0.0.1:" + server.getLocalPort() + "/ws";
  }

  private void acceptOne() {
    try (Socket s = server.accept()) {
      Matcher key = KEY.matcher(readRequestHead(s.getInputStream()));
      if (!key.find()) {
        return;
      }
      byte[] sha1 = MessageDigest.getInstance("SHA-1")
          .digest((key.group(1) + GUID).getBytes(StandardCharsets.US_ASCII));
      String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Accept: " + Base64.getEncoder().encodeToString(sha1) + "\r\n\r\n";
      s.getOutputStream().write(response.getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      // wait for the client's first frame, then vanish
      s.getInputStream().read();
    } catch (Exception e) {
      // the test sees the consequence (no upgrade, or no close) on the client side
    }
  }

  private static String readRequestHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      head.append((char) c);
      if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
        break;
      }
    }
    return head.toString();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
