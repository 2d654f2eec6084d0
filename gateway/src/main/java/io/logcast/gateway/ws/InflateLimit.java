package io.logcast.gateway.ws;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import io.vertx.core.http.HttpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * permessage-deflate with a bounded inflater. Vert.x negotiates the extension with Netty's
 * unbounded decoder, so a 64 KiB frame could inflate to gigabytes before any size check runs; this
 * swaps in the same handshaker with a ceiling on the inflated size. It reaches into Vert.x's
 * pipeline by handler name: if that name ever changes the connection is refused rather than
 * served unbounded, and InflateLimitIT fails.
 */
public final class InflateLimit {
  /** The name Vert.x 5 gives its extension handler (HttpServerConnectionHandler). */
  static final String HANDLER = "webSocketExtensionHandler";
  private static final Logger LOG = LoggerFactory.getLogger(InflateLimit.class);

  private InflateLimit() {}

  /** Called from the server's connection handler, after Vert.x has built the pipeline. */
  public static void bound(HttpConnection conn, int maxInflatedBytes, int level) {
    io.netty.channel.Channel channel = VertxInternals.channel(conn);
    ChannelPipeline pipeline = channel == null ? null : channel.pipeline();
    if (pipeline == null || pipeline.get(HANDLER) == null) {
      LOG.error("cannot bound permessage-deflate on this connection; closing it (server.perMessageDeflate)");
      conn.close();
      return;
    }
    pipeline.replace(HANDLER, HANDLER, new WebSocketServerExtensionHandler(
        new PerMessageDeflateServerExtensionHandshaker(level, ZlibCodecFactory.isSupportingWindowSizeAndMemLevel(),
            PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE, false, false, maxInflatedBytes)));
  }

  /** True when a socket error is an inflated message past the ceiling. */
  public static boolean isOverflow(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof DecompressionException) {
        return true;
      }
    }
    return false;
  }
}
