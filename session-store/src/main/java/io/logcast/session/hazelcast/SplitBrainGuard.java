package io.logcast.session.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.splitbrainprotection.SplitBrainProtection;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;

/**
 * Split-brain protection for the writes that must not fork: a session claim (two sides would each
 * hand out the same next generation) and an idempotency reservation (two sides would each publish).
 * Below {@code hazelcast.minClusterSize} members in view, they fail with
 * {@link SplitBrainProtectionException}; everything else (acks, touches, new sessions) goes on,
 * since the merge policies reconcile it. Off at a minimum of 1, the default: one member is a
 * whole cluster (dev mode, tests).
 */
final class SplitBrainGuard {
  static final String NAME = "logcast.minClusterSize";

  private final SplitBrainProtection protection;

  private SplitBrainGuard(SplitBrainProtection protection) {
    this.protection = protection;
  }

  /** Adds the protection to a member's config; null (nothing added) at a minimum of 1. */
  static String configure(Config c, int minClusterSize) {
    if (minClusterSize <= 1) {
      return null;
    }
    c.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(NAME, true, minClusterSize)
        .setProtectOn(SplitBrainProtectionOn.READ_WRITE));
    return NAME;
  }

  /** The guard of a member; one that never refuses on a client (the external cluster guards itself). */
  static SplitBrainGuard of(HazelcastInstance hz) {
    try {
      if (hz.getConfig().getSplitBrainProtectionConfigs().containsKey(NAME)) {
        return new SplitBrainGuard(hz.getSplitBrainProtectionService().getSplitBrainProtection(NAME));
      }
    } catch (UnsupportedOperationException e) {
      // a client: it has neither a member config nor a protection service
    }
    return new SplitBrainGuard(null);
  }

  /** Throws if this member sees fewer members than the minimum: it may be on the minority side. */
  void ensure() {
    if (protection != null && !protection.hasMinimumSize()) {
      throw new SplitBrainProtectionException("fewer than hazelcast.minClusterSize members in view: "
          + "this member may be on the minority side of a split brain");
    }
  }
}
