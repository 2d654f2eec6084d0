package io.logcast.gateway.metrics;

import io.logcast.gateway.delivery.Subscription;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's own meters (prefixed logcast_, base units, tag values from enums or the bounded
 * {@link TopicTags}). Every counter is resolved when it is created or when a topic first appears on
 * a shard: the hot path increments, it never looks a meter up. Counts are added once per batch or
 * frame, never per message per client.
 */
public final class GatewayMetrics {
  /** Delivery latency buckets for the SLO alerts and the heatmap; percentile buckets fill in between. */
  private static final Duration[] LATENCY_SLOS = {ms(5), ms(10), ms(25), ms(50), ms(100), ms(250), ms(500),
      ms(1_000), ms(2_500), ms(5_000), ms(10_000)};
  private static final Duration[] RESUME_SLOS = {ms(10), ms(50), ms(100), ms(500), ms(1000), ms(2000), ms(5000)};

  private final Counter frames;
  private final Counter bytes;
  private final Counter demoted;
  private final Counter memoryCatchUps;
  private final Counter catchUpsStalled;
  private final Counter tooSlow;
  private final Counter opened;
  private final Counter sessionsCreated;
  private final Timer latency;
  private final Timer gatewayLatency;
  private final Timer inboxWait;
  private final Timer writeTime;
  private final Timer resumeTime;
  private final CloseMeters closes;
  private final LimitMeters limits;
  private final StoreWrites storeWrites;
  private final AtomicInteger subscriptions = new AtomicInteger();
  private final Map<ResumeOutcome, Counter> resumes = new EnumMap<>(ResumeOutcome.class);
  private final Map<String, Counter> delivered = new ConcurrentHashMap<>();
  private final MeterRegistry registry;
  private final TopicTags topicTags;

  public GatewayMetrics(MeterRegistry registry, TopicTags topicTags, LimitMeters limits) {
    this.registry = registry;
    this.topicTags = topicTags;
    this.limits = limits;
    frames = Counter.builder("logcast.frames.written")
        .description("WebSocket text frames written (several messages coalesce into one)").register(registry);
    bytes = Counter.builder("logcast.bytes.written").baseUnit("bytes")
        .description("Payload bytes of frames written").register(registry);
    memoryCatchUps = Counter.builder("logcast.replay.memory.catchups")
        .description("Subscription partitions caught up from the recent records in memory (no Kafka read)")
        .register(registry);
    catchUpsStalled = Counter.builder("logcast.replay.stalled")
        .description("Catch-ups whose reads brought nothing for replay.maxStallMs: their clients were closed with 1013")
        .register(registry);
    demoted = Counter.builder("logcast.clients.demoted")
        .description("Times a client's full socket moved its subscriptions from live to catch-up").register(registry);
    tooSlow = Counter.builder("logcast.clients.closed.slow")
        .description("Clients closed with 4009: behind the live stream longer than limits.maxBehindMs").register(registry);
    opened = Counter.builder("logcast.connections.opened")
        .description("WebSocket connections accepted").register(registry);
    sessionsCreated = Counter.builder("logcast.sessions.new")
        .description("New sessions (a hello without resume, or a resume that was not recovered)").register(registry);
    closes = new CloseMeters(registry);
    storeWrites = new StoreWrites(registry);
    latency = histogram(registry, "logcast.delivery.latency",
        "From the Kafka record's timestamp to its frame being written to the live subscribers' sockets", LATENCY_SLOS);
    gatewayLatency = histogram(registry, "logcast.delivery.gateway.latency",
        "From the live consumer's poll that returned a record to its frame being written: the gateway's share of"
            + " logcast_delivery_latency_seconds (the rest is the producer, the broker and the fetch)", LATENCY_SLOS);
    inboxWait = histogram(registry, "logcast.delivery.inbox.wait",
        "The first part of logcast_delivery_gateway_latency_seconds: from the poll that returned a record to its"
            + " shard queuing it on its clients (the hand-off to the event loop, the loop busy, the write pacing)",
        LATENCY_SLOS);
    writeTime = histogram(registry, "logcast.delivery.write",
        "The second part of logcast_delivery_gateway_latency_seconds: from a record queued on its clients to the"
            + " end of the write cycle that wrote its frames", LATENCY_SLOS);
    resumeTime = histogram(registry, "logcast.sessions.resume.duration",
        "From a hello with resume to its outcome (welcome or fallback): the session store's part of a failover",
        RESUME_SLOS);
    for (ResumeOutcome o : ResumeOutcome.values()) {
      resumes.put(o, Counter.builder("logcast.sessions.resumed")
          .tag("outcome", o == ResumeOutcome.RECOVERED ? "recovered" : "not_recovered")
          .tag("reason", o == ResumeOutcome.RECOVERED ? "none" : o.reason())
          .description("Resume attempts, by outcome and, when not recovered, why").register(registry));
    }
    Gauge.builder("logcast.subscriptions", subscriptions, AtomicInteger::get)
        .description("Active subscriptions on this instance").register(registry);
    topicTags.values().forEach(this::delivered);
  }

  /** A timer with a percentile histogram from 1 ms to 30 s and buckets at {@code slos}. */
  private static Timer histogram(MeterRegistry registry, String name, String description, Duration[] slos) {
    return Timer.builder(name).description(description)
        .publishPercentileHistogram()
        .minimumExpectedValue(ms(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .serviceLevelObjectives(slos)
        .register(registry);
  }

  /** The delivered-messages counter of {@code topic}'s tag; looked up once per topic per shard. */
  public Counter delivered(String topic) {
    return delivered.computeIfAbsent(topicTags.of(topic), t -> Counter.builder("logcast.messages.delivered")
        .tag("topic", t)
        .description("Messages written to clients (one per client per message)").register(registry));
  }

  public void resumed(ResumeOutcome outcome, long nanos) {
    resumes.get(outcome).increment();
    resumeTime.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** One delivered record: since its Kafka timestamp, since its poll, and the part of the latter before it was queued. */
  public void latencyMs(long sinceTimestampMs, long sincePollMs, long inboxMs) {
    long inGateway = Math.max(0, sincePollMs);
    long waited = Math.min(inGateway, Math.max(0, inboxMs));
    latency.record(Math.max(0, sinceTimestampMs), TimeUnit.MILLISECONDS);
    gatewayLatency.record(inGateway, TimeUnit.MILLISECONDS);
    inboxWait.record(waited, TimeUnit.MILLISECONDS);
    writeTime.record(inGateway - waited, TimeUnit.MILLISECONDS);
  }

  /** WebSocket text frames written. */
  /** Session-store writes nobody waits for: watched, counted, logged when they fail. */
  public StoreWrites storeWrites() {
    return storeWrites;
  }

  public Counter frames() {
    return frames;
  }

  /** Payload bytes of frames written. */
  public Counter bytes() {
    return bytes;
  }

  public Counter demoted() {
    return demoted;
  }

  public Counter memoryCatchUps() {
    return memoryCatchUps;
  }

  public Counter catchUpsStalled() {
    return catchUpsStalled;
  }

  public Counter tooSlow() {
    return tooSlow;
  }

  public Counter opened() {
    return opened;
  }

  public Counter sessionsCreated() {
    return sessionsCreated;
  }

  public CloseMeters closes() {
    return closes;
  }

  public LimitMeters limits() {
    return limits;
  }

  /** Active subscriptions on this instance (the gauge's value). */
  public AtomicInteger subscriptions() {
    return subscriptions;
  }

  private static Duration ms(long ms) {
    return Duration.ofMillis(ms);
  }
}
