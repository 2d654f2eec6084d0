package io.logcast.gateway.protocol;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Turns one client text frame into an {@link Inbound}, or a {@link ProtocolException} saying what is wrong. */
public final class InboundParser {
  private final Names names;

  public InboundParser(Names names) {
    this.names = names;
  }

  /** The {@code id} of a frame, if it has a valid one: used to address an error reply. */
  public static Long requestId(JsonObject json) {
    return json != null && json.getValue("id") instanceof Number n ? n.longValue() : null;
  }

  public static JsonObject parseObject(String text) {
    try {
      JsonObject json = new JsonObject(text);
      if (!(json.getValue("type") instanceof String)) {
        throw ProtocolError.badRequest("every object needs a string field 'type'").exception();
      }
      return json;
    } catch (DecodeException | ClassCastException e) {
      throw ProtocolError.badRequest("not a JSON object").exception();
    }
  }

  public Inbound parse(JsonObject json) {
    String type = json.getString("type");
    return switch (type) {
      case "hello" -> hello(json);
      case "subscribe" -> new Inbound.Subscribe(id(json), names.topicOrPattern(json), names.key(json),
          from(json.getValue("from")));
      case "unsubscribe" -> new Inbound.Unsubscribe(id(json), names.topicOrPattern(json), names.key(json));
      case "ack" -> new Inbound.Ack(names.topic(json), names.key(json), Position.parseOffsets(object(json, "offsets", true)));
      case "publish" -> publish(json);
      case "ping" -> new Inbound.Ping();
      case "refresh" -> new Inbound.Refresh(id(json), string(json, "token", true));
      default -> throw ProtocolError.badRequest("unknown type '" + Position.clip(type) + "'").exception();
    };
  }

  private Inbound hello(JsonObject json) {
    String token = string(json, "token", false);
    JsonObject r = object(json, "resume", false);
    if (r == null) {
      return new Inbound.Hello(token, null);
    }
    List<Inbound.ResumeSubscription> subs = new ArrayList<>();
    Object list = r.getValue("subscriptions");
    if (list != null && !(list instanceof JsonArray)) {
      throw ProtocolError.badRequest("resume.subscriptions must be an array").exception();
    }
    JsonArray arr = list == null ? new JsonArray() : (JsonArray) list;
    for (Object o : arr) {
      if (!(o instanceof JsonObject s)) {
        throw ProtocolError.badRequest("resume.subscriptions holds objects").exception();
      }
      subs.add(new Inbound.ResumeSubscription(
          names.topic(s), names.key(s), string(s, "epoch", false), Position.parseOffsets(object(s, "offsets", false))));
    }
    return new Inbound.Hello(token, new Inbound.Resume(string(r, "session", true), string(r, "secret", true), subs));
  }

  private Inbound publish(JsonObject json) {
    if (!json.containsKey("data")) {
      throw ProtocolError.badRequest("publish needs 'data'").exception();
    }
    return new Inbound.Publish(
        id(json),
        names.topic(json),
        names.key(json),
        Payloads.value(json),
        Payloads.headers(json),
        string(json, "idempotencyKey", false));
  }

  static From from(Object v) {
    if (v == null || "latest".equals(v)) {
      return From.LATEST;
    }
    if ("earliest".equals(v)) {
      return From.EARLIEST;
    }
    if ("snapshot".equals(v)) {
      return From.SNAPSHOT;
    }
    if (v instanceof JsonObject o && o.getValue("time") instanceof Number t) {
      if (t.longValue() < 0) {
        throw ProtocolError.badRequest("from.time is a non-negative epoch millisecond").exception();
      }
      return new From.AtTime(t.longValue());
    }
    if (v instanceof JsonObject o && o.getValue("offsets") instanceof JsonObject offsets) {
      Object epoch = o.getValue("epoch");
      if (!(epoch instanceof String e)) {
        throw ProtocolError.badRequest("from position needs a string 'epoch'").exception();
      }
      return new From.At(new Position(e, Position.parseOffsets(offsets)));
    }
    throw ProtocolError.badRequest(
        "from is \"latest\", \"earliest\", \"snapshot\", {\"time\":ms} or {\"epoch\":..,\"offsets\":{..}}")
        .exception();
  }

  private static Long id(JsonObject json) {
    Object v = json.getValue("id");
    if (v == null) {
      return null;
    }
    if (!(v instanceof Number n) || n.doubleValue() != n.longValue()) {
      throw ProtocolError.badRequest("id must be an integer").exception();
    }
    return n.longValue();
  }

  static String string(JsonObject json, String field, boolean required) {
    Object v = json.getValue(field);
    if (v == null && !required) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw ProtocolError.badRequest("'" + field + "' must be a string").exception();
    }
    return s;
  }

  static JsonObject object(JsonObject json, String field, boolean required) {
    Object v = json.getValue(field);
    if (v == null && !required) {
      return null;
    }
    if (!(v instanceof JsonObject o)) {
      throw ProtocolError.badRequest("'" + field + "' must be an object").exception();
    }
    return o;
  }
}
