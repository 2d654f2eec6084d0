package io.logcast.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logcast.gateway.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResolvingTest {
  private final Resolving resolving = new Resolving();
  private final List<String> ran = new ArrayList<>();

  @Test
  void requestsOnAResolvingTargetWaitAndRunInOrder() {
    assertThat(resolving.defer("t", () -> ran.add("now"))).isFalse();
    resolving.add("t");
    assertThat(resolving.defer("t", () -> ran.add("a"))).isTrue();
    assertThat(resolving.defer("t", () -> ran.add("b"))).isTrue();
    assertThat(resolving.defer("other", () -> ran.add("x"))).isFalse();
    resolving.settle("t");
    assertThat(ran).containsExactly("a", "b");
    assertThat(resolving.contains("t")).isFalse();
  }

  @Test
  void aWaitingRequestThatResolvesAgainKeepsTheRestWaiting() {
    resolving.add("t");
    resolving.defer("t", () -> {
      ran.add("resubscribe");
      resolving.add("t");
    });
    resolving.defer("t", () -> ran.add("unsubscribe"));
    resolving.settle("t");
    assertThat(ran).containsExactly("resubscribe");
    resolving.settle("t");
    assertThat(ran).containsExactly("resubscribe", "unsubscribe");
  }

  @Test
  void theQueuePerTargetIsBounded() {
    resolving.add("t");
    for (int i = 0; i < Resolving.MAX_WAITING_PER_TARGET; i++) {
      resolving.defer("t", () -> { });
    }
    assertThatThrownBy(() -> resolving.defer("t", () -> { })).isInstanceOf(ProtocolException.class);
  }
}
