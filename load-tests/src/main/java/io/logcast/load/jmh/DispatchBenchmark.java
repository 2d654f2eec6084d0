package io.logcast.load.jmh;

import io.logcast.gateway.log.PartitionBatch;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The live path on one event loop: a batch of records of one partition through the shard's index
 * (topic → all / key → subscriptions), the cursor rule per subscription, coalescing per client and
 * one frame write per client (to a socket that discards it). Time per batch; divide by
 * records × matching subscribers for the time per delivery.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DispatchBenchmark {
  /** Subscribers of the topic on this shard. */
  @Param({"1000"})
  public int subscribers;

  /** Records per batch (a consumer poll brings up to max.poll.records). */
  @Param({"1", "16"})
  public int records;

  /** all: every subscriber wants the whole topic; keyed: each wants its own key, a record matches one. */
  @Param({"all", "keyed"})
  public String mode;

  /** Other topics in the shard's index. */
  @Param({"1000"})
  public int otherTopics;

  private DispatchBench bench;
  private List<PartitionBatch> batch;

  @Setup(Level.Trial)
  public void setUp() {
    bench = new DispatchBench(subscribers, "keyed".equals(mode), otherTopics, 200);
  }

  @Setup(Level.Invocation)
  public void nextBatch() {
    batch = bench.nextBatch(records); // offsets must move on: the cursor rule drops what a client already has
  }

  @Benchmark
  public double dispatch() {
    bench.dispatch(batch);
    return bench.delivered();
  }
}
