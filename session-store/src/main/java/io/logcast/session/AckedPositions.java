package io.logcast.session;

import java.util.Map;

/** One session's newly acknowledged positions on one subscription, as a batch write carries them. */
public record AckedPositions(String session, long generation, String topic, String key, String epoch,
    Map<Integer, Long> next) {
  public AckedPositions {
    next = Map.copyOf(next);
  }
}
