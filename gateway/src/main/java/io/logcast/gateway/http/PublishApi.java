package io.logcast.gateway.http;

import io.logcast.gateway.protocol.HttpErrors;

import io.logcast.gateway.auth.Authenticator;
import io.logcast.gateway.auth.Principal;
import io.logcast.gateway.auth.TokenSource;
import io.logcast.gateway.config.LimitsConfig;
import io.logcast.gateway.publish.PublishItem;
import io.logcast.gateway.publish.PublishService;
import io.logcast.gateway.publish.Published;
import io.logcast.gateway.metrics.LimitKind;
import io.logcast.gateway.metrics.LimitRecorder;
import io.logcast.gateway.protocol.Errors;
import io.logcast.gateway.protocol.Names;
import io.logcast.gateway.protocol.Payloads;
import io.logcast.gateway.protocol.ProtocolError;
import io.logcast.gateway.protocol.ProtocolException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/topics/{topic}/messages}: one object, or an array of them, each
 * {@code {"key":..,"data":..,"headers":{..}}}; an optional {@code Idempotency-Key} header; the
 * token in {@code Authorization: Bearer}.
 */
final class PublishApi {
  static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
  private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 256;

  private final PublishService publishing;
  private final Names names;
  private final LimitsConfig limits;
  private final Authenticator auth;
  private final LimitRecorder limitRecorder;
  private final CallerRates rates;

  PublishApi(PublishService publishing, Names names, LimitsConfig limits, Authenticator auth,
      LimitRecorder limitRecorder) {
    this.limitRecorder = limitRecorder;
    this.publishing = publishing;
    this.names = names;
    this.limits = limits;
    this.auth = auth;
    this.rates = new CallerRates(limits.publishPerSecond());
  }

  /** The token first: a caller without a valid one learns nothing about topics or body rules (401). */
  void handle(RoutingContext ctx) {
    Context vctx = ctx.vertx().getOrCreateContext();
    String token = TokenSource.bearer(ctx.request().getHeader(TokenSource.AUTHORIZATION));
    Future.fromCompletionStage(auth.authenticate(token), vctx)
        .onSuccess(principal -> publish(ctx, principal, vctx))
        .onFailure(e -> HttpErrors.send(ctx.response(), Errors.map(e)));
  }

  private void publish(RoutingContext ctx, Principal principal, Context vctx) {
    boolean array;
    List<PublishItem> items;
    String topic;
    String idempotencyKey = ctx.request().getHeader(IDEMPOTENCY_HEADER);
    try {
      topic = names.topic(ctx.pathParam("topic"));
      if (idempotencyKey != null && (idempotencyKey.isEmpty() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH)) {
        throw ProtocolError.badRequest(IDEMPOTENCY_HEADER + " must be 1-" + MAX_IDEMPOTENCY_KEY_LENGTH + " characters")
            .exception();
      }
      Object body = parse(ctx.body().buffer());
      array = body instanceof JsonArray;
      items = items(body);
    } catch (ProtocolException e) {
      HttpErrors.send(ctx.response(), e.error());
      return;
    }
    String host = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress();
    if (!rates.allow(principal, host, items.size())) {
      limitRecorder.rejected(LimitKind.PUBLISH_RATE, principal.subject(), host);
      ctx.response().putHeader("Retry-After", "1");
      HttpErrors.send(ctx.response(), 429, new ProtocolError(io.logcast.gateway.protocol.ErrorCode.RATE_LIMITED,
          "more than " + limits.publishPerSecond() + " messages per second for this caller: slow down"));
      return;
    }
    publishing.publish(principal, topic, items, idempotencyKey, vctx)
        .onSuccess(results -> {
          Object out = array ? toArray(results) : results.get(0).toJson();
          ctx.response().putHeader("content-type", "application/json").end(Json.encode(out));
        })
        .onFailure(e -> HttpErrors.send(ctx.response(), Errors.map(e)));
  }

  private static Object parse(Buffer body) {
    if (body == null || body.length() == 0) {
      throw ProtocolError.badRequest("the body must be a JSON object or array").exception();
    }
    try {
      Object v = Json.decodeValue(body);
      if (v instanceof JsonObject || v instanceof JsonArray) {
        return v;
      }
    } catch (DecodeException e) {
      throw ProtocolError.badRequest("the body is not valid JSON").exception();
    }
    throw ProtocolError.badRequest("the body must be a JSON object or array").exception();
  }

  private List<PublishItem> items(Object body) {
    List<PublishItem> out = new ArrayList<>();
    if (body instanceof JsonObject o) {
      out.add(item(o));
      return out;
    }
    JsonArray a = (JsonArray) body;
    if (a.size() > limits.maxPublishBatch()) {
      limitRecorder.rejected(LimitKind.PUBLISH_BATCH);
    }
    if (a.isEmpty() || a.size() > limits.maxPublishBatch()) {
      throw (a.isEmpty() ? ProtocolError.badRequest("the array is empty")
          : ProtocolError.limit("at most " + limits.maxPublishBatch() + " messages per request")).exception();
    }
    for (int i = 0; i < a.size(); i++) {
      if (!(a.getValue(i) instanceof JsonObject o)) {
        throw ProtocolError.badRequest("item " + i + " is not an object").exception();
      }
      out.add(item(o));
    }
    return out;
  }

  private PublishItem item(JsonObject o) {
    if (!o.containsKey("data")) {
      throw ProtocolError.badRequest("each message needs 'data'").exception();
    }
    Object key = o.getValue("key");
    if (key != null && !(key instanceof String)) {
      throw ProtocolError.badRequest("'key' must be a string").exception();
    }
    return new PublishItem(names.key((String) key), Payloads.value(o), Payloads.headers(o));
  }

  private static JsonArray toArray(List<Published> results) {
    JsonArray a = new JsonArray();
    results.forEach(r -> a.add(r.toJson()));
    return a;
  }
}
