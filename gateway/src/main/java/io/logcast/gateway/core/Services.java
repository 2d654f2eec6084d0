package io.logcast.gateway.core;

import io.logcast.gateway.auth.Authenticator;
import io.logcast.gateway.config.GatewayConfig;
import io.logcast.gateway.config.TopicPatterns;
import io.logcast.gateway.protocol.InboundParser;
import io.logcast.session.ClusterBus;
import io.logcast.session.PrincipalConnections;
import io.logcast.session.SessionStore;

/** What a connection needs from its node; shared by every client of the instance. */
record Services(
    GatewayConfig config,
    Hub hub,
    TopicPatterns allowed,
    TopicCatalog catalog,
    StartPositions starts,
    PublishService publishing,
    SessionStore sessions,
    ClusterBus bus,
    InboundParser parser,
    GatewayMetrics metrics,
    Authenticator auth,
    PrincipalConnections connections) {}
