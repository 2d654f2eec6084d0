package io.logcast.gateway.http;

import io.logcast.gateway.auth.Authenticator;
import io.logcast.gateway.auth.Principal;
import io.logcast.gateway.auth.TokenSource;
import io.logcast.gateway.history.HistoryRequest;
import io.logcast.gateway.history.HistoryService;
import io.logcast.gateway.metrics.LimitKind;
import io.logcast.gateway.metrics.LimitRecorder;
import io.logcast.gateway.protocol.ErrorCode;
import io.logcast.gateway.protocol.Errors;
import io.logcast.gateway.protocol.HttpErrors;
import io.logcast.gateway.protocol.Names;
import io.logcast.gateway.protocol.ProtocolError;
import io.logcast.gateway.protocol.ProtocolException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /v1/topics/{topic}/messages?key=&from=&limit=&direction=&cursor=}: a page of the
 * topic's records, with the token in {@code Authorization: Bearer} as for publishing.
 */
final class HistoryApi {
  private final HistoryService history;
  private final Names names;
  private final Authenticator auth;
  private final LimitRecorder limitRecorder;
  private final CallerRates rates;

  HistoryApi(HistoryService history, Names names, Authenticator auth, LimitRecorder limitRecorder) {
    this.history = history;
    this.names = names;
    this.auth = auth;
    this.limitRecorder = limitRecorder;
    this.rates = new CallerRates(history.config().perSecond());
  }

  /** The token first: a caller without a valid one learns nothing about topics (401). */
  void handle(RoutingContext ctx) {
    Context vctx = ctx.vertx().getOrCreateContext();
    String token = TokenSource.bearer(ctx.request().getHeader(TokenSource.AUTHORIZATION));
    Future.fromCompletionStage(auth.authenticate(token), vctx)
        .onSuccess(principal -> read(ctx, principal, vctx))
        .onFailure(e -> HttpErrors.send(ctx.response(), Errors.map(e)));
  }

  private void read(RoutingContext ctx, Principal principal, Context vctx) {
    HistoryRequest request;
    try {
      request = HistoryRequest.parse(ctx.pathParam("topic"), ctx.queryParams(), names, history.config().maxLimit());
    } catch (ProtocolException e) {
      HttpErrors.send(ctx.response(), e.error());
      return;
    }
    String host = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress();
    if (!rates.allow(principal, host, 1)) {
      limitRecorder.rejected(LimitKind.HISTORY_RATE, principal.subject(), host);
      ctx.response().putHeader("Retry-After", "1");
      HttpErrors.send(ctx.response(), 429, new ProtocolError(ErrorCode.RATE_LIMITED,
          "more than " + history.config().perSecond() + " history pages per second for this caller: slow down"));
      return;
    }
    history.page(principal, request, vctx)
        .onSuccess(body -> ctx.response().putHeader("content-type", "application/json")
            .putHeader("Cache-Control", "no-store").end(body))
        .onFailure(e -> {
          if (e instanceof HistoryService.EpochChanged) {
            HttpErrors.send(ctx.response(), Errors.map(e), "epoch");
          } else {
            if (Errors.map(e).code() == ErrorCode.UNAVAILABLE) {
              ctx.response().putHeader("Retry-After", "1");
            }
            HttpErrors.send(ctx.response(), Errors.map(e));
          }
        });
  }
}
