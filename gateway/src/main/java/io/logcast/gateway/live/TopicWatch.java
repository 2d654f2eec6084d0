package io.logcast.gateway.live;

import io.logcast.gateway.log.TopicCatalog;
import io.logcast.gateway.log.TopicInfo;
import io.vertx.core.Context;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Describes the topics read live every {@code live.topicCheckMs} and hands the live reader the
 * ones that gained partitions (their records then reach whole-topic and keyed subscribers alike)
 * and the ones deleted and created again (a new topic id: their subscriptions restart on the new
 * log, told so), within that bound. One Admin request per check, for all followed topics; none while none is.
 */
public final class TopicWatch {
  private static final Logger LOG = LoggerFactory.getLogger(TopicWatch.class);

  private final TopicCatalog catalog;
  private final LogTail logTail;
  private boolean checking;

  public TopicWatch(TopicCatalog catalog, LogTail logTail) {
    this.catalog = catalog;
    this.logTail = logTail;
  }

  /** One check; a check still waiting for its answer makes this one a no-op. Call on {@code ctx}. */
  public void check(Context ctx) {
    Map<String, TopicInfo> followed = logTail.followed();
    if (checking || followed.isEmpty()) {
      return;
    }
    checking = true;
    catalog.refresh(followed.keySet(), ctx)
        .onSuccess(found -> found.forEach((topic, info) -> changed(info, followed.get(topic))))
        .onFailure(e -> LOG.debug("topic check failed, next one retries: {}", e.toString()))
        .onComplete(ar -> checking = false);
  }

  private void changed(TopicInfo now, TopicInfo followed) {
    if (followed == null) {
      return;
    }
    if (!now.epoch().equals(followed.epoch())) {
      logTail.recreated(now);
    } else if (now.partitions() > followed.partitions()) {
      logTail.grow(now);
    }
  }
}
