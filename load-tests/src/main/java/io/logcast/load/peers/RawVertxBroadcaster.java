package io.logcast.load.peers;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The ceiling of the WebSocket stack itself: a minimal Vert.x broadcaster with no log, no
 * sessions, no protocol. {@code GET /ws/<topic>} subscribes (the server then sends
 * {@code {"type":"subscribed"}}); {@code POST /publish/<topic>} sends the body as one text frame
 * to every subscriber. One verticle per event loop, each with its own subscribers (like Logcast's
 * hub shards): a publish hops once to every loop and is written there, encoded once.
 *
 * <p>Run: {@code java -cp <load-tests classpath> io.logcast.load.peers.RawVertxBroadcaster <port> [eventLoops]
 * [heartbeatSeconds]}; with a heartbeat, every loop pings each of its sockets that often (none by default).
 */
public final class RawVertxBroadcaster extends AbstractVerticle {
  private static final List<RawVertxBroadcaster> SHARDS = new CopyOnWriteArrayList<>();
  private final Map<String, Set<ServerWebSocket>> subscribers = new HashMap<>();
  private Context ctx;

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    int loops = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
    long heartbeatMs = args.length > 2 ? Long.parseLong(args[2]) * 1000 : 0;
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
    vertx.deployVerticle(() -> new RawVertxBroadcaster(port, heartbeatMs), new DeploymentOptions().setInstances(loops))
        .onSuccess(id -> System.out.println("raw vert.x broadcaster on 127.0.0.1:" + port))
        .onFailure(e -> {
          e.printStackTrace();
          System.exit(1);
        });
  }

  private final int port;
  private final long heartbeatMs;

  RawVertxBroadcaster(int port, long heartbeatMs) {
    this.port = port;
    this.heartbeatMs = heartbeatMs;
  }

  @Override
  public void start(io.vertx.core.Promise<Void> started) {
    ctx = context;
    SHARDS.add(this);
    if (heartbeatMs > 0) {
      vertx.setPeriodic(heartbeatMs, t -> subscribers.values().forEach(set -> set.forEach(ws -> ws.writePing(Buffer.buffer()))));
    }
    vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setMaxWebSocketFrameSize(65536))
        .webSocketHandler(this::subscribe)
        .requestHandler(req -> {
          if (!req.path().startsWith("/publish/")) {
            req.response().setStatusCode(404).end();
            return;
          }
          String topic = req.path().substring("/publish/".length());
          req.body().onSuccess(body -> {
            for (RawVertxBroadcaster shard : SHARDS) {
              shard.ctx.runOnContext(v -> shard.broadcast(topic, body));
            }
            req.response().end();
          });
        })
        .listen().<Void>mapEmpty().onComplete(started);
  }

  private void subscribe(ServerWebSocket ws) {
    if (!ws.path().startsWith("/ws/")) {
      ws.close((short) 1008);
      return;
    }
    String topic = ws.path().substring("/ws/".length());
    subscribers.computeIfAbsent(topic, t -> new HashSet<>()).add(ws);
    ws.closeHandler(v -> subscribers.getOrDefault(topic, Set.of()).remove(ws));
    ws.handler(b -> { });
    ws.writeTextMessage("{\"type\":\"subscribed\"}");
  }

  private void broadcast(String topic, Buffer body) {
    Set<ServerWebSocket> set = subscribers.get(topic);
    if (set == null) {
      return;
    }
    String text = body.toString();
    for (ServerWebSocket ws : set) {
      // like Logcast, never buffer without bound: a full socket loses this message (counted as lost)
      if (!ws.writeQueueFull()) {
        ws.writeTextMessage(text);
      }
    }
  }
}
