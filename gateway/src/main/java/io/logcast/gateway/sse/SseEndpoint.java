package io.logcast.gateway.sse;

import io.logcast.gateway.auth.Authenticator;
import io.logcast.gateway.auth.Principal;
import io.logcast.gateway.auth.TokenSource;
import io.logcast.gateway.catchup.Start;
import io.logcast.gateway.catchup.StartPositions;
import io.logcast.gateway.config.AuthConfig;
import io.logcast.gateway.config.LimitsConfig;
import io.logcast.gateway.config.OriginPolicy;
import io.logcast.gateway.config.TopicPatterns;
import io.logcast.gateway.live.HubShard;
import io.logcast.gateway.log.TopicCatalog;
import io.logcast.gateway.log.TopicInfo;
import io.logcast.gateway.metrics.GatewayMetrics;
import io.logcast.gateway.metrics.LimitKind;
import io.logcast.gateway.protocol.Errors;
import io.logcast.gateway.protocol.HttpErrors;
import io.logcast.gateway.protocol.Names;
import io.logcast.gateway.protocol.ProtocolError;
import io.logcast.gateway.protocol.ProtocolException;
import io.logcast.gateway.ws.Admission;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/stream}: the subscriptions of the query as Server-Sent Events (docs/protocol.md,
 * section 16). Everything a WebSocket subscribe checks — origin, drain, admission, the token, the
 * allow-list, the token's claims, the topic and the gateway's right to read it, the start
 * positions — is checked before the response starts, so a refusal is an HTTP status with a JSON
 * error. One per event loop; the stream lives on that loop's shard.
 */
public final class SseEndpoint {
  /** The browser's reconnect delay, sent first: a drained or cut stream is back within about a second. */
  private static final String PREAMBLE = "retry: 1000\n\n";

  /** What the endpoint shares with the rest of the gateway. */
  public record Deps(Admission admission, Authenticator authenticator, AuthConfig auth, LimitsConfig limits,
      TopicPatterns allowed, TopicCatalog catalog, StartPositions starts, Names names, GatewayMetrics metrics) {}

  private final HubShard shard;
  private final SseStreams streams;
  private final Deps deps;
  private final OriginPolicy origins;

  public SseEndpoint(HubShard shard, SseStreams streams, Deps deps) {
    this.shard = shard;
    this.streams = streams;
    this.deps = deps;
    this.origins = OriginPolicy.forConfig(deps.auth());
  }

  public static boolean matches(HttpServerRequest req) {
    return StreamRequest.PATH.equals(req.path());
  }

  public void handle(HttpServerRequest req) {
    HttpServerResponse res = req.response();
    String origin = req.getHeader("Origin");
    ProtocolError refused = refusal(req, origin);
    if (refused != null) {
      HttpErrors.send(res, refused);
      return;
    }
    StreamRequest request;
    try {
      request = StreamRequest.parse(req.params(), req.getHeader(StreamRequest.LAST_EVENT_ID), deps.names(),
          deps.limits().maxSubscriptionsPerConnection());
    } catch (ProtocolException e) {
      HttpErrors.send(res, e.error());
      return;
    }
    String token = TokenSource.fromUpgrade(req.headers(), req.query(), deps.auth().queryParamToken());
    var ctx = shard.context();
    Principal[] who = new Principal[1];
    List<TopicInfo> infos = new ArrayList<>();
    Future.fromCompletionStage(deps.authenticator().authenticate(token), ctx)
        .compose(principal -> {
          who[0] = principal;
          return describe(request, principal);
        })
        .compose(described -> {
          infos.addAll(described);
          List<Future<Start>> starts = new ArrayList<>();
          for (int i = 0; i < infos.size(); i++) {
            TopicInfo info = infos.get(i);
            starts.add(deps.starts().resolve(request.starts().get(i), info, shard.livePositions(info.name()),
                shard.memoryFloors(info.name()), ctx));
          }
          return Future.all(starts).map(all -> all.<Start>list());
        })
        .onSuccess(starts -> begin(res, origin, request, infos, starts, who[0]))
        .onFailure(e -> {
          if (!res.headWritten() && !res.closed()) {
            HttpErrors.send(res, Errors.map(e));
          }
        });
  }

  private ProtocolError refusal(HttpServerRequest req, String origin) {
    if (req.method() != HttpMethod.GET) {
      return ProtocolError.badRequest("the event stream is a GET");
    }
    // a browser enforces CORS on what it reads: only a foreign page's request is refused here
    if (origin != null && !origins.allows(origin)) {
      return ProtocolError.forbidden("origin not allowed");
    }
    if (deps.admission().draining()) {
      return ProtocolError.unavailable("this instance is draining; connect again");
    }
    LimitKind limited = deps.admission().admit();
    if (limited != null) {
      deps.metrics().limits().rejected(limited, null, String.valueOf(req.remoteAddress()));
      return ProtocolError.unavailable("too many connections; connect again later");
    }
    return null;
  }

  /** Each topic exposed, allowed by the token, existing and readable by the gateway, in order. */
  private Future<List<TopicInfo>> describe(StreamRequest request, Principal principal) {
    List<Future<TopicInfo>> each = new ArrayList<>();
    for (StreamRequest.Sub s : request.subs()) {
      if (!deps.allowed().allows(s.topic())) {
        return Future.failedFuture(ProtocolError.forbidden("topic '" + s.topic() + "' is not exposed").exception());
      }
      if (!principal.maySubscribe(s.topic(), s.key())) {
        return Future.failedFuture(ProtocolError.forbidden("the token does not allow subscribing to topic '"
            + s.topic() + "'" + (s.key() == null ? "" : " key '" + s.key() + "'")).exception());
      }
      each.add(deps.catalog().describeReadable(s.topic(), shard.context()));
    }
    return Future.all(each).map(all -> all.<TopicInfo>list());
  }

  private void begin(HttpServerResponse res, String origin, StreamRequest request, List<TopicInfo> infos,
      List<Start> starts, Principal principal) {
    if (res.closed()) {
      return; // the client left while its subscriptions were resolved
    }
    res.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    if (origin != null) {
      res.putHeader("Access-Control-Allow-Origin", origin).putHeader("Vary", "Origin");
    }
    res.setWriteQueueMaxSize(deps.limits().maxOutboundBytes());
    res.write(PREAMBLE);
    Map<String, Integer> subByTopic = new LinkedHashMap<>();
    for (int i = 0; i < request.subs().size(); i++) {
      subByTopic.put(request.subs().get(i).topic(), i);
    }
    SseStream stream = new SseStream(shard, new SseTransport(res, subByTopic, deps.metrics()), streams, deps.metrics());
    res.closeHandler(v -> stream.peerClosed());
    stream.open(request.subs(), infos, starts);
    if (principal.expires()) {
      stream.expiresAt(principal.expiresAtMs() + deps.auth().clockSkewSeconds() * 1_000);
    }
  }
}
