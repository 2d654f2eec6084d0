package io.logcast.gateway.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The instance's Prometheus registry, with the filters that keep its series count bounded. */
public final class Registries {
  private Registries() {}

  public static PrometheusMeterRegistry prometheus() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Kafka clients report per topic, per partition and per broker: any topic a client subscribes to
    // would become a series. Only the client-wide ones are kept; per-topic lag is logcast_consumer_lag.
    registry.config().meterFilter(MeterFilter.deny(Registries::perTopicOrBroker));
    return registry;
  }

  static boolean perTopicOrBroker(Meter.Id id) {
    return id.getName().startsWith("kafka.")
        && (id.getTag("topic") != null || id.getTag("partition") != null || id.getTag("node.id") != null);
  }
}
