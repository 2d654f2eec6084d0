package io.logcast.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class StoreWritesTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final StoreWrites writes = new StoreWrites(registry);

  private double count(String op, String outcome) {
    return registry.get("logcast.session.store.writes.unapplied").tag("op", op).tag("outcome", outcome).counter().count();
  }

  @Test
  void failuresAndRefusalsAreCountedByOperationAndSuccessesAreNot() {
    writes.watch(StoreWrites.Op.MERGE_ACKED, CompletableFuture.failedFuture(new IllegalStateException("store down")));
    writes.watch(StoreWrites.Op.MERGE_ACKED, CompletableFuture.failedFuture(new IllegalStateException("store down")));
    writes.watch(StoreWrites.Op.TOUCH, CompletableFuture.completedFuture(false));
    writes.watch(StoreWrites.Op.TOUCH, CompletableFuture.completedFuture(true));
    writes.watch(StoreWrites.Op.CREATE, CompletableFuture.completedFuture(null));

    assertThat(count("merge_acked", "failed")).isEqualTo(2);
    assertThat(count("touch", "refused")).isEqualTo(1);
    assertThat(count("touch", "failed")).isZero();
    assertThat(count("create", "failed") + count("create", "refused")).isZero();
  }

  @Test
  void aWriteThatCompletesLaterIsCountedThen() {
    CompletableFuture<Boolean> later = new CompletableFuture<>();
    writes.watch(StoreWrites.Op.PUT_SUBSCRIPTION, later);
    assertThat(count("put_subscription", "refused")).isZero();
    later.complete(false);
    assertThat(count("put_subscription", "refused")).isEqualTo(1);
  }
}
