package io.logcast.load.target;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.List;

/** The subscribe side of each peer, in its own wire protocol. */
final class PeerProtocols {
  private PeerProtocols() {
  }

  private static WebSocketConnectOptions at(int port, String uri) {
    return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri);
  }

  /** The raw Vert.x broadcaster: the path is the topic; the upgrade subscribes. */
  static Protocol rawVertx(int port) {
    return upgradeSubscribes(port, "/ws/");
  }

  /**
   * A peer whose WebSocket upgrade on {@code prefix + topic} is the subscription. Counted as
   * subscribed on open: such a server registers the socket before the upgrade response, and its
   * greeting may arrive before the client's handler is installed (waiting for it stalled connects).
   */
  private static Protocol upgradeSubscribes(int port, String prefix) {
    return new Protocol() {
      public WebSocketConnectOptions connectOptions(String topic) {
        return at(port, prefix + topic);
      }

      public List<String> openingFrames(String topic) {
        return List.of();
      }

      public boolean confirmsSubscription(Buffer frame) {
        return false;
      }

      public boolean subscribedOnOpen() {
        return true;
      }
    };
  }

  /** NATS over WebSocket: CONNECT, SUB, PING; the PONG confirms the SUB was processed. */
  static Protocol nats(int wsPort) {
    return new Protocol() {
      public WebSocketConnectOptions connectOptions(String topic) {
        return at(wsPort, "/");
      }

      public List<String> openingFrames(String topic) {
        return List.of("CONNECT {\"verbose\":false,\"pedantic\":false,\"protocol\":1}\r\nSUB " + topic + " 1\r\nPING\r\n");
      }

      public boolean confirmsSubscription(Buffer frame) {
        return frame.length() < 4096 && frame.toString().contains("PONG");
      }

      public String reply(Buffer frame, String topic) {
        return frame.length() == 6 && frame.toString().equals("PING\r\n") ? "PONG\r\n" : null;
      }
    };
  }

  /** Nchan: the WebSocket upgrade on /sub/<channel> is the subscription. */
  static Protocol nchan(int port) {
    return upgradeSubscribes(port, "/sub/");
  }

  /** Socket.IO v4 (Engine.IO 4) over a raw WebSocket: open the namespace, emit sub, await the ack event. */
  static Protocol socketIo(int port) {
    return new Protocol() {
      public WebSocketConnectOptions connectOptions(String topic) {
        return at(port, "/socket.io/?EIO=4&transport=websocket");
      }

      public List<String> openingFrames(String topic) {
        return List.of(); // Engine.IO drops frames sent before its open packet: see reply
      }

      public boolean confirmsSubscription(Buffer frame) {
        return frame.length() < 4096 && frame.toString().startsWith("42[\"subscribed\"");
      }

      public String reply(Buffer frame, String topic) {
        if (frame.length() == 1 && frame.getByte(0) == '2') {
          return "3"; // ping → pong
        }
        if (frame.length() > 1 && frame.length() < 4096 && frame.getByte(0) == '0') {
          return "40"; // open → connect the default namespace
        }
        String f = frame.length() < 4096 ? frame.toString() : "";
        return f.startsWith("40{") ? "42[\"sub\",\"" + topic + "\"]" : null;
      }
    };
  }
}
