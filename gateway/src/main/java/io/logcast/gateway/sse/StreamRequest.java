package io.logcast.gateway.sse;

import io.logcast.gateway.protocol.From;
import io.logcast.gateway.protocol.Names;
import io.logcast.gateway.protocol.Position;
import io.logcast.gateway.protocol.ProtocolError;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code GET /v1/stream} asks for: its subscriptions ({@code sub=topic} or {@code sub=topic/key},
 * in order), where they start ({@code from}), and the position it resumes from (the
 * {@code Last-Event-ID} header, else the {@code lastEventId} parameter). Malformed: {@code bad_request}.
 */
record StreamRequest(List<Sub> subs, List<From> starts) {
  static final String PATH = "/v1/stream";
  static final String LAST_EVENT_ID = "Last-Event-ID";

  /** One subscription; {@code key} null for the whole topic. */
  record Sub(String topic, String key) {}

  static StreamRequest parse(MultiMap params, String lastEventIdHeader, Names names, int maxSubscriptions) {
    List<String> raw = params.getAll("sub");
    if (raw.isEmpty()) {
      throw ProtocolError.badRequest("name at least one subscription: ?sub=topic or ?sub=topic/key").exception();
    }
    if (raw.size() > maxSubscriptions) {
      throw ProtocolError.limit("at most " + maxSubscriptions + " subscriptions per stream").exception();
    }
    List<Sub> subs = new ArrayList<>(raw.size());
    Set<String> topics = new HashSet<>();
    for (String s : raw) {
      int slash = s.indexOf('/');
      Sub sub = slash < 0 ? new Sub(names.topic(s), null)
          : new Sub(names.topic(s.substring(0, slash)), names.key(s.substring(slash + 1)));
      if (!topics.add(sub.topic())) {
        // positions go by topic: a whole-topic and a keyed subscription of one topic need two streams
        throw ProtocolError.badRequest("topic '" + sub.topic() + "' named twice; one subscription per topic per stream")
            .exception();
      }
      subs.add(sub);
    }
    From from = from(params.get("from"));
    String id = lastEventIdHeader != null && !lastEventIdHeader.isBlank() ? lastEventIdHeader : params.get("lastEventId");
    List<From> starts = new ArrayList<>(subs.size());
    if (id == null || id.isBlank()) {
      subs.forEach(s -> starts.add(from));
    } else {
      for (Position p : StreamPosition.parse(id.trim(), subs.size())) {
        starts.add(p == null ? from : new From.At(p));
      }
    }
    return new StreamRequest(List.copyOf(subs), List.copyOf(starts));
  }

  /** {@code latest} (default), {@code earliest}, or {@code time:<ms since the epoch>}. */
  static From from(String v) {
    if (v == null || v.isEmpty() || v.equals("latest")) {
      return From.LATEST;
    }
    if (v.equals("earliest")) {
      return From.EARLIEST;
    }
    if (v.startsWith("time:")) {
      try {
        long ms = Long.parseLong(v.substring("time:".length()));
        if (ms >= 0) {
          return new From.AtTime(ms);
        }
      } catch (NumberFormatException e) {
        // below
      }
    }
    throw ProtocolError.badRequest("from: latest, earliest or time:<ms since the epoch>").exception();
  }
}
