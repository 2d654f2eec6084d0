package io.logcast.gateway.sse;

import io.logcast.gateway.delivery.Outbound;
import io.logcast.gateway.delivery.Segment;
import io.logcast.gateway.log.EncodedRecord;
import io.logcast.gateway.metrics.GatewayMetrics;
import io.logcast.gateway.protocol.CloseCode;
import io.logcast.gateway.protocol.Position;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes a client's objects as Server-Sent Events on one HTTP response: each object one event,
 * each with the stream's position after it as its {@code id}. What a
 * shard's task queues leaves in one write. Congestion is the response's write queue, bounded by
 * {@code limits.maxOutboundBytes}, as a socket's buffer is for a WebSocket.
 */
final class SseTransport implements Outbound {
  private static final byte[] ID = "id: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DATA = "\ndata: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final Buffer PING = Buffer.buffer(": ping\n\n");

  private final HttpServerResponse response;
  private final Map<String, Integer> subByTopic;
  private final StreamPosition position;
  private final GatewayMetrics metrics;
  private Buffer pending;
  private boolean closed;

  SseTransport(HttpServerResponse response, Map<String, Integer> subByTopic, GatewayMetrics metrics) {
    this.response = response;
    this.subByTopic = subByTopic;
    this.position = new StreamPosition(subByTopic.size());
    this.metrics = metrics;
  }

  @Override
  public boolean enqueue(byte[] object) {
    return event(new JsonObject(Buffer.buffer(object)), object);
  }

  @Override
  public boolean enqueue(String topic, int p, EncodedRecord record) {
    Integer sub = subByTopic.get(topic);
    if (sub == null || closed) {
      return false;
    }
    position.moved(sub, p, record.offset() + 1);
    return append(position.id(), record.frame());
  }

  @Override
  public boolean enqueue(String topic, int p, Segment segment) {
    boolean first = false;
    List<EncodedRecord> records = segment.records();
    for (int i = 0, n = records.size(); i < n; i++) {
      first |= enqueue(topic, p, records.get(i));
    }
    return first;
  }

  @Override
  public void send(JsonObject object) {
    event(object, object.toBuffer().getBytes());
    flush();
  }

  /** A control object: {@code subscribed} and {@code gap} move the position, and carry it. */
  private boolean event(JsonObject object, byte[] bytes) {
    if (closed) {
      return false;
    }
    Integer sub = subByTopic.get(object.getString("topic", ""));
    String type = object.getString("type", "");
    if (sub != null && type.equals("subscribed")) {
      position.subscribed(sub, object.getString("epoch"), Position.parseOffsets(object.getJsonObject("offsets")));
      return append(position.id(), bytes);
    }
    if (sub != null && type.equals("gap")) {
      position.moved(sub, object.getInteger("partition"), object.getLong("to"));
      return append(position.id(), bytes);
    }
    // every event carries the position: a browser keeps the last id it saw, whatever the event
    return append(position.id(), bytes);
  }

  private boolean append(String id, byte[] data) {
    boolean first = pending == null;
    if (first) {
      pending = Buffer.buffer(data.length + 128);
    }
    pending.appendBytes(ID).appendString(id).appendBytes(DATA).appendBytes(data).appendBytes(END);
    return first;
  }

  @Override
  public void flush() {
    Buffer out = pending;
    if (out == null) {
      return;
    }
    pending = null;
    if (!closed && !response.closed()) {
      // one write per shard task however many events it carries: the "frame" of an event stream
      response.write(out);
      metrics.frames().increment();
      metrics.bytes().increment(out.length());
    }
  }

  @Override
  public boolean congested() {
    return !closed && response.writeQueueFull();
  }

  @Override
  public void whenWritable(Runnable action) {
    if (!response.writeQueueFull()) {
      action.run();
      return;
    }
    response.drainHandler(v -> {
      response.drainHandler(null);
      action.run();
    });
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void markClosed() {
    closed = true;
    pending = null;
  }

  /** The last event says why; then the response ends (the client reconnects, or not, by the code). */
  @Override
  public void close(CloseCode code, String reason) {
    if (closed) {
      return;
    }
    append(position.id(), new JsonObject().put("type", "close").put("code", code.code()).put("reason", reason)
        .toBuffer().getBytes());
    flush();
    closed = true;
    if (!response.ended() && !response.closed()) {
      response.end();
    }
  }

  @Override
  public void ping() {
    if (!closed && !response.closed()) {
      response.write(PING);
    }
  }
}
