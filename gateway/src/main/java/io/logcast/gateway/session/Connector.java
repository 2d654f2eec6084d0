package io.logcast.gateway.session;

import io.logcast.gateway.auth.Authenticator;
import io.logcast.gateway.catchup.StartPositions;
import io.logcast.gateway.config.GatewayConfig;
import io.logcast.gateway.config.TopicPatterns;
import io.logcast.gateway.live.HubShard;
import io.logcast.gateway.log.TopicCatalog;
import io.logcast.gateway.metrics.GatewayMetrics;
import io.logcast.gateway.protocol.InboundParser;
import io.logcast.gateway.publish.PublishService;
import io.logcast.gateway.snapshot.Views;
import io.logcast.gateway.ws.Upgrade;
import io.logcast.session.ClusterBus;
import io.logcast.session.PrincipalConnections;
import io.logcast.session.SessionStore;

/**
 * Makes the {@link Connection} of each upgraded socket, with the instance's parts it talks to;
 * each connection hands its helpers only the parts they use.
 */
public final class Connector {
  final GatewayConfig config;
  final Registry registry;
  final TopicPatterns allowed;
  final TopicCatalog catalog;
  final StartPositions starts;
  /** The instance's snapshot views, or null when no topic may have one. */
  final Views views;
  final PublishService publishing;
  final SessionStore sessions;
  final ClusterBus bus;
  final PrincipalConnections connections;
  final Authenticator auth;
  final InboundParser parser;
  final GatewayMetrics metrics;

  public Connector(GatewayConfig config, Registry registry, TopicPatterns allowed, TopicCatalog catalog,
      StartPositions starts, Views views, PublishService publishing, SessionStore sessions, ClusterBus bus,
      PrincipalConnections connections, Authenticator auth, InboundParser parser, GatewayMetrics metrics) {
    this.config = config;
    this.registry = registry;
    this.allowed = allowed;
    this.catalog = catalog;
    this.starts = starts;
    this.views = views;
    this.publishing = publishing;
    this.sessions = sessions;
    this.bus = bus;
    this.connections = connections;
    this.auth = auth;
    this.parser = parser;
    this.metrics = metrics;
  }

  /** The opener of one event loop's sockets: they are fed by {@code shard} and counted in {@code local}. */
  public Upgrade.Opener opener(HubShard shard, LocalConnections local) {
    return (socket, token, remote) -> {
      Connection c = new Connection(socket, shard, local, this, token, remote);
      c.start();
      return c;
    };
  }
}
