package io.logcast.gateway.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.session.InMemorySessionStore;
import io.logcast.session.SessionRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class MergeCheckTest {
  private static SessionRecord session(String id) {
    return new SessionRecord(id, "alice", "hash", "node-a", 1, List.of(), System.currentTimeMillis());
  }

  @Test
  void onlyHoldersOfASessionResumedElsewhereMeanwhileAreTakenOver() throws Exception {
    InMemorySessionStore store = new InMemorySessionStore(Duration.ofMinutes(5));
    for (String id : List.of("kept", "resumed-elsewhere", "gone")) {
      store.create(session(id)).toCompletableFuture().join();
    }
    // the other side of the split resumed this one: its generation is 2 now
    store.claim("resumed-elsewhere", "node-b", System.currentTimeMillis()).toCompletableFuture().join();
    Map<String, Long> held = Map.of("kept", 1L, "resumed-elsewhere", 1L, "gone", 1L, "never-stored", 1L);
    store.disconnected("gone", 1, System.currentTimeMillis()).toCompletableFuture().join();
    Map<String, Long> takenOver = new ConcurrentHashMap<>();

    int superseded = MergeCheck.run(held::forEach, store, takenOver::put).get();

    assertThat(superseded).isEqualTo(1);
    assertThat(takenOver).containsExactly(Map.entry("resumed-elsewhere", 2L));
  }
}
