package io.logcast.session.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.spi.impl.SerializationServiceSupport;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.spi.exception.RetryableHazelcastException;
import io.logcast.session.SessionRecord;
import io.logcast.session.StoredSubscription;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a stranger on port 5701 can no longer do: hand the members a Java-serialized object to
 * deserialize. The stranger is a plain Hazelcast client (no factories, no filter): open-source
 * Hazelcast asks it for nothing but the cluster name.
 */
class HazelcastPortIT {
  private static final List<String> MEMBERS = List.of("127.0.0.1:15821", "127.0.0.1:15822");
  private static final String CLUSTER = "logcast-port-it";
  private static HazelcastInstance a;
  private static HazelcastInstance b;
  private static HazelcastInstance stranger;

  private static HazelcastInstance member(int port, String name) {
    return HazelcastMembers.start(
        new HazelcastSettings(HazelcastSettings.Mode.EMBEDDED, CLUSTER, MEMBERS, port, null, null, 1), name);
  }

  @BeforeAll
  static void start() {
    System.setProperty("hazelcast.wait.seconds.before.join", "0");
    a = member(15821, "port-a"); // no bind address: the default, loopback
    b = member(15822, "port-b");
    ClientConfig c = new ClientConfig();
    c.setClusterName(CLUSTER);
    c.setProperty("hazelcast.logging.type", "slf4j");
    c.getNetworkConfig().setAddresses(MEMBERS);
    stranger = HazelcastClient.newHazelcastClient(c);
  }

  @AfterAll
  static void stop() {
    stranger.shutdown();
    a.shutdown();
    b.shutdown();
  }

  private static SessionRecord session(String id) {
    return new SessionRecord(id, "alice", "hash", "node-a", 1, List.of(), System.currentTimeMillis());
  }

  @Test
  void membersBindTheLoopbackAddressByDefault() {
    assertThat(a.getCluster().getLocalMember().getAddress().getHost()).isEqualTo("127.0.0.1");
  }

  @Test
  void aJavaSerializedEntryProcessorIsRefusedAndTheSessionKeepsWorking() {
    var store = new HazelcastSessionStore(a, Duration.ofMinutes(5));
    store.create(session("s1")).toCompletableFuture().join();

    // without the filter the member runs this and the session is gone
    assertThatThrownBy(() -> stranger.<String, Object>getMap(HazelcastSessionStore.MAP).submitToKey("s1", new Wipe())
        .toCompletableFuture().get())
        .isInstanceOf(ExecutionException.class)
        .hasStackTraceContaining("is not allowed");

    assertThat(store.get("s1").toCompletableFuture().join()).isPresent();
    assertThat(store.putSubscription("s1", 1, new StoredSubscription("orders", null, "E", Map.of(0, 4L)))
        .toCompletableFuture().join()).isTrue();
    var onB = new HazelcastSessionStore(b, Duration.ofMinutes(5));
    assertThat(onB.claim("s1", "node-b", 2L).toCompletableFuture().join().orElseThrow().generation()).isEqualTo(2);
  }

  @Test
  void aGadgetWrittenIntoTheMapIsNotDeserializedByTheGateways() throws Exception {
    // the URLDNS gadget: deserializing this map resolves the host name
    HashMap<Object, String> gadget = new HashMap<>();
    gadget.put(URI.create("http://gadget.invalid/").toURL(), "x");
    stranger.getMap(HazelcastSessionStore.MAP).set("s-gadget", gadget);

    var store = new HazelcastSessionStore(b, Duration.ofMinutes(5));
    assertThatThrownBy(() -> store.get("s-gadget").toCompletableFuture().join())
        .hasStackTraceContaining("Resolving class java.net.URL is not allowed");
  }

  @Test
  void theOtherStoresUseNoJavaSerialization() {
    var idem = new HazelcastIdempotencyStore(a);
    assertThat(idem.reserve("k1", Duration.ofMinutes(1)).toCompletableFuture().join()).isEmpty();
    assertThat(new HazelcastIdempotencyStore(b).reserve("k1", Duration.ofMinutes(1)).toCompletableFuture().join())
        .isPresent();
    var conns = new HazelcastPrincipalConnections(b);
    assertThat(conns.acquire("bob", "s9", conns.holderPrefix() + "s9", 1).toCompletableFuture().join()).isTrue();
    assertThat(conns.acquire("bob", "s10", conns.holderPrefix() + "s10", 1).toCompletableFuture().join()).isFalse();
    conns.release("bob", "s9", conns.holderPrefix() + "s9").toCompletableFuture().join();
  }

  @Test
  void hazelcastErrorsStillCrossBetweenMembers() {
    // a failed operation's exception reaches its caller Java-serialized: those must pass
    SerializationService ss = ((SerializationServiceSupport) a).getSerializationService();
    var cause = new IllegalStateException("inner");
    cause.addSuppressed(new java.io.UncheckedIOException(new java.io.IOException("io")));
    for (Throwable t : List.of(new RetryableHazelcastException("migrating"),
        new HazelcastException("outer", cause), new ExecutionException(new NullPointerException()))) {
      Throwable back = ss.toObject(ss.toData(t));
      assertThat(back).isInstanceOf(t.getClass()).hasMessage(t.getMessage());
      assertThat(back.getStackTrace()).isNotEmpty();
    }
    assertThatThrownBy(() -> ss.toObject(ss.toData(new Wipe()))).hasStackTraceContaining("is not allowed");
  }

  /** Any Serializable class on the members' classpath would do: this one deletes the entry. */
  static final class Wipe implements EntryProcessor<String, Object, Object>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Object process(Map.Entry<String, Object> entry) {
      entry.setValue(null);
      return null;
    }
  }
}
