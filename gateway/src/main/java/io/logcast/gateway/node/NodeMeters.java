package io.logcast.gateway.node;

import io.logcast.gateway.catchup.Replay;
import io.logcast.gateway.session.Registry;

import io.logcast.gateway.metrics.ProcessMeters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.logcast.gateway.ws.VertxInternals;

/** The gauges read from the node's parts at scrape time, and the JVM/process/Netty binders. */
final class NodeMeters {
  private NodeMeters() {}

  /** Returns what must be closed when the node stops. */
  static AutoCloseable bind(MeterRegistry registry, Vertx vertx, Registry sessions, Replay replay, int replayReaders,
      SessionBackend backend, java.util.function.IntSupplier eventStreams, java.util.function.IntSupplier sockets) {
    AutoCloseable process = ProcessMeters.bind(registry, VertxInternals.eventLoops(vertx));
    Gauge.builder("logcast.connections", sessions, Registry::connections)
        .description("Open WebSocket connections").register(registry);
    Gauge.builder("logcast.public.sockets", sockets::getAsInt)
        .description("Sockets open on the public port in any state (counted against limits.maxConnections)")
        .register(registry);
    Gauge.builder("logcast.event.streams", eventStreams::getAsInt)
        .description("Open Server-Sent Event streams (GET /v1/stream)").register(registry);
    Gauge.builder("logcast.replay.readers", () -> replayReaders)
        .description("Catch-up readers in the pool (replay.readers)").register(registry);
    Gauge.builder("logcast.replay.readers.busy", replay, Replay::busy)
        .description("Catch-up readers reading now").register(registry);
    Gauge.builder("logcast.replay.queued", replay, Replay::queued)
        .description("Catch-up jobs waiting for a reader").register(registry);
    FunctionCounter.builder("logcast.replay.reads", replay, Replay::reads)
        .description("Reads of the log by the catch-up readers, each shared by the jobs queued on its partition")
        .register(registry);
    FunctionCounter.builder("logcast.replay.chunks", replay, Replay::chunks)
        .description("Chunks those reads handed to catch-up jobs").register(registry);
    for (SessionBackend.StoreMap map : SessionBackend.StoreMap.values()) {
      String tag = map.name().toLowerCase(java.util.Locale.ROOT);
      Gauge.builder("logcast.session.store.entries", backend, b -> b.ownedEntries(map)).tag("map", tag)
          .description("Entries of a session-store map this member owns (Hazelcast; 0 otherwise)").register(registry);
      Gauge.builder("logcast.session.store", backend, b -> b.ownedBytes(map)).tag("map", tag).baseUnit("bytes")
          .description("Heap of those entries (Hazelcast's estimate)").register(registry);
    }
    Gauge.builder("logcast.session.cluster.members", backend, SessionBackend::clusterSize)
        .description("Members of the session (Hazelcast) cluster this node sees; 1 with the memory store")
        .register(registry);
    return process;
  }
}
