package io.logcast.gateway.history;

import io.logcast.gateway.catchup.Replay;
import io.logcast.gateway.catchup.ReplayChunk;
import io.logcast.gateway.catchup.ReplayJob;
import io.logcast.gateway.config.HistoryConfig;
import io.logcast.gateway.log.TopicInfo;
import io.logcast.gateway.protocol.ProtocolError;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one history page: a {@link PartitionScan} per partition, their chunks read by the replay
 * pool's background queue, all of it bounded by {@code history.maxScanMs}. When every scan is done
 * (or the time is up) the page takes records from the scans' heads in timestamp order.
 */
final class HistoryQuery implements ReplayJob.Handler {
  private final Replay replay;
  private final HistoryConfig config;
  private final Context context;
  private final TopicInfo info;
  private final HistoryRequest request;
  private final Bounds bounds;
  private final PartitionScan[] scans;
  private final List<ReplayJob> jobs = new ArrayList<>();
  private final Promise<HistoryPage> result = Promise.promise();
  private int running;
  private long timer = -1;
  private Throwable failure;

  /**
   * Where each partition starts and ends for this page.
   *
   * @param starts   forward: first offset to read; backward: exclusive upper bound
   * @param floors   the log start now
   * @param ends     the end of the log now (forward only)
   * @param gaps     gaps found before reading (a backward cursor's floor deleted since), as
   *                 {partition, from, to}
   */
  record Bounds(long[] starts, long[] floors, long[] ends, List<long[]> gaps) {}

  HistoryQuery(Replay replay, HistoryConfig config, Context context, TopicInfo info, HistoryRequest request,
      Bounds bounds) {
    this.replay = replay;
    this.config = config;
    this.context = context;
    this.info = info;
    this.request = request;
    this.bounds = bounds;
    this.scans = new PartitionScan[info.partitions()];
    for (int p = 0; p < scans.length; p++) {
      scans[p] = new PartitionScan(p, request.forward(), bounds.starts()[p], bounds.floors()[p],
          request.forward() ? bounds.ends()[p] : 0, request.limit(), config.maxPageBytes());
    }
  }

  /** Runs on {@code context}. */
  Future<HistoryPage> run() {
    for (PartitionScan scan : scans) {
      if (!scan.done()) {
        ReplayJob job = new ReplayJob(info.name(), scan.partition, request.key(), scan.readFrom(), context, this);
        if (!replay.submitBackground(job)) {
          scan.stop();
          continue;
        }
        jobs.add(job);
        running++;
      }
    }
    if (running == 0) {
      complete();
    } else {
      timer = context.owner().setTimer(config.maxScanMs(), t -> {
        timer = -1;
        jobs.forEach(ReplayJob::cancel);
        for (PartitionScan scan : scans) {
          scan.stop();
        }
        running = 0;
        complete();
      });
    }
    return result.future();
  }

  @Override
  public void onChunk(ReplayJob job, ReplayChunk chunk) {
    PartitionScan scan = scans[job.partition()];
    if (scan.done()) {
      return; // the time was up meanwhile
    }
    long from = scan.readFrom();
    boolean more = scan.onChunk(chunk);
    if (more) {
      if (scan.readFrom() > from || !chunk.records().isEmpty()) {
        job.progressed();
      } else {
        job.stalled(System.currentTimeMillis());
      }
      job.from(scan.readFrom());
      if (replay.submitBackground(job)) {
        return;
      }
      scan.stop();
    }
    finished();
  }

  @Override
  public void onFailure(ReplayJob job, Throwable error) {
    PartitionScan scan = scans[job.partition()];
    if (scan.done()) {
      return;
    }
    failure = error;
    scan.stop();
    finished();
  }

  private void finished() {
    if (--running == 0) {
      if (timer >= 0) {
        context.owner().cancelTimer(timer);
      }
      complete();
    }
  }

  private void complete() {
    if (result.future().isComplete()) {
      return;
    }
    boolean needed = false;
    boolean read = false;
    for (PartitionScan scan : scans) {
      read |= scan.readAny();
      needed |= !scan.exhausted(0);
    }
    if (needed && !read) {
      // not one chunk in the time allowed: the pool is busy with catch-up, or Kafka does not answer
      result.fail(failure != null ? failure : ProtocolError.unavailable(
          "the history readers are busy; retry shortly").exception());
      return;
    }
    result.complete(HistoryPage.merge(info, request, bounds, scans, config.maxPageBytes()));
  }
}
