package io.logcast.session.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hazelcast's "cluster safe" state (no migration running, every backup in sync), which a rolling
 * restart must wait for between members. A member that joins is not ready until it has seen that
 * state once, and a member that leaves waits for it first: without both, a restart that follows
 * another too closely takes away the last copy of partitions still migrating, and the sessions in
 * them are lost (ClusterIT caught this on a slow machine). Members only: a client has no replicas.
 */
public final class ClusterSafety {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterSafety.class);
  private static final long POLL_MS = 500;

  private final HazelcastInstance hz;
  private volatile boolean settled;

  public ClusterSafety(HazelcastInstance hz) {
    this.hz = hz;
  }

  /** Watches, on its own thread, for the first safe state after joining; past {@code maxWait} it gives up and says so. */
  public void watchJoin(Duration maxWait) {
    Thread t = new Thread(() -> {
      long start = System.nanoTime();
      if (await(maxWait)) {
        LOG.info("session cluster settled {} ms after joining", (System.nanoTime() - start) / 1_000_000);
      } else {
        LOG.warn("session cluster still migrating {} s after joining; ready anyway", maxWait.toSeconds());
      }
      settled = true;
    }, "logcast-hz-settle");
    t.setDaemon(true);
    t.start();
  }

  /** True once the cluster was seen safe after this member joined (or the wait gave up). */
  public boolean settled() {
    return settled;
  }

  /** Blocks (never on an event loop) until the cluster is safe; false if {@code maxWait} passed first. */
  public boolean await(Duration maxWait) {
    long deadline = System.nanoTime() + maxWait.toNanos();
    while (hz.getLifecycleService().isRunning()) {
      try {
        if (hz.getPartitionService().isClusterSafe()) {
          return true;
        }
      } catch (RuntimeException e) {
        // membership is changing under the check: look again
      }
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }
}
