package io.logcast.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryIdempotencyStoreTest {
  private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(10);
  private final Duration window = Duration.ofMinutes(1);

  @Test
  void secondReservationSeesTheFirstResult() {
    assertThat(store.reserve("k", window).toCompletableFuture().join()).isEmpty();
    assertThat(store.reserve("k", window).toCompletableFuture().join().orElseThrow().inFlight()).isTrue();
    store.complete("k", "{\"offset\":1}", window);
    assertThat(store.reserve("k", window).toCompletableFuture().join().orElseThrow().result())
        .isEqualTo("{\"offset\":1}");
  }

  @Test
  void releasedReservationCanBeRetried() {
    store.reserve("r", window);
    store.release("r");
    assertThat(store.reserve("r", window).toCompletableFuture().join()).isEmpty();
  }

  @Test
  void anUnknownOutcomeIsResolvedNotReleased() {
    store.reserve("u", window);
    store.markUnknown("u", 42, window);
    var e = store.reserve("u", window).toCompletableFuture().join().orElseThrow();
    assertThat(e.state()).isEqualTo(IdempotencyStore.State.RESOLVE);
    assertThat(e.sinceMs()).isEqualTo(42);
    assertThat(store.reserve("u", window).toCompletableFuture().join().orElseThrow().inFlight()).isTrue();
  }

  @Test
  void anExpiredLeaseIsTakenOverAsResolve() {
    // a lease that had ended before the next look: no waiting for a clock to pass it
    store.reserve("l", window, Duration.ofMillis(-1));
    assertThat(store.reserve("l", window).toCompletableFuture().join().orElseThrow().state())
        .isEqualTo(IdempotencyStore.State.RESOLVE);
  }

  @Test
  void refusesBeyondItsBound() {
    var tiny = new InMemoryIdempotencyStore(1);
    tiny.reserve("a", window);
    assertThat(tiny.reserve("b", window).toCompletableFuture()).isCompletedExceptionally();
  }
}
