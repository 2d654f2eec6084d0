package io.logcast.load.target;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * NATS JetStream as the durable peer: a file-backed stream per topic (subjects {@code topic} and
 * {@code topic.>}, a key being {@code topic.<key>}), and one ephemeral push consumer per WebSocket
 * client (deliver policy new, no acks, filtered to its key) — the log-backed design a user would
 * pick instead of Logcast's one consumer per instance.
 */
final class JetStream {
  private static final int READ_TIMEOUT_MS = 10_000;

  private JetStream() {
  }

  /** The server's config: the core port, WebSocket on {@code base + 1}, file storage under {@code storeDir}. */
  static String config(int base, String storeDir, int heartbeatSeconds) {
    return "listen: \"127.0.0.1:" + base + "\"\nmax_payload: 1048576\n" + Peers.natsPing(heartbeatSeconds)
        + "jetstream {\n  store_dir: \"" + storeDir + "\"\n}\n"
        + "websocket {\n  host: \"127.0.0.1\"\n  port: " + (base + 1) + "\n  no_tls: true\n}\n";
  }

  /** Creates the stream of {@code topic} through the core port; fails on an error reply. */
  static void createStream(int port, String topic) {
    String body = "{\"name\":\"" + topic + "\",\"subjects\":[\"" + topic + "\",\"" + topic + ".>\"],"
        + "\"storage\":\"file\",\"retention\":\"limits\",\"discard\":\"old\",\"max_age\":3600000000000}";
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(READ_TIMEOUT_MS);
      OutputStream out = s.getOutputStream();
      out.write(("CONNECT {\"verbose\":false,\"pedantic\":false}\r\nSUB _INBOX.create 1\r\n"
          + "PUB $JS.API.STREAM.CREATE." + topic + " _INBOX.create " + body.length() + "\r\n" + body + "\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String reply = readUntil(s.getInputStream(), "stream_create_response");
      if (reply.contains("\"error\"")) {
        throw new IllegalStateException("JetStream refused the stream " + topic + ": " + reply);
      }
    } catch (IOException e) {
      throw new IllegalStateException("JetStream: cannot create the stream " + topic, e);
    }
  }

  private static String readUntil(InputStream in, String marker) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      b.append((char) c);
      if (c == '\n' && b.indexOf(marker) >= 0) {
        return b.toString();
      }
    }
    throw new IOException("closed before " + marker + ": " + b);
  }

  /** A push consumer per client, created over its WebSocket; the create response confirms it. */
  static Protocol protocol(int wsPort) {
    return new Protocol() {
      public WebSocketConnectOptions connectOptions(String channel) {
        return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(wsPort).setURI("/");
      }

      /** Subjects are dot-separated tokens: the key is one under the topic, so the stream's {@code topic.>} holds it. */
      public String channel(String topic, String key) {
        return key == null ? topic : topic + "." + key;
      }

      public List<String> openingFrames(String channel) {
        String id = UUID.randomUUID().toString().replace("-", "");
        String stream = channel.contains(".") ? channel.substring(0, channel.indexOf('.')) : channel;
        String body = "{\"stream_name\":\"" + stream + "\",\"config\":{\"deliver_subject\":\"d." + id + "\","
            + "\"deliver_policy\":\"new\",\"ack_policy\":\"none\",\"filter_subject\":\"" + channel + "\","
            + "\"inactive_threshold\":30000000000}}";
        return List.of("CONNECT {\"verbose\":false,\"pedantic\":false,\"protocol\":1}\r\nSUB d." + id + " 1\r\n"
            + "SUB _INBOX." + id + " 2\r\nPUB $JS.API.CONSUMER.CREATE." + stream + " _INBOX." + id + " "
            + body.length() + "\r\n" + body + "\r\n");
      }

      public boolean confirmsSubscription(Buffer frame) {
        String f = frame.length() < 4096 ? frame.toString() : "";
        return f.contains("consumer_create_response") && !f.contains("\"error\"");
      }

      public String reply(Buffer frame, String topic) {
        return frame.length() == 6 && frame.toString().equals("PING\r\n") ? "PONG\r\n" : null;
      }
    };
  }
}
