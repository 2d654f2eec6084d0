package io.logcast.gateway.core;

import io.logcast.gateway.config.ConfigLoader;
import io.logcast.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A benchmark fixture for the gateway's live dispatch, kept in the gateway's package (from the
 * load-tests source tree, not the gateway's) because the shard's index is package-private: one
 * HubShard with real Clients, Transports and Subscriptions in the index, whose sockets accept every
 * frame and discard it. Measures {@link HubShard#onBatch}: index lookup, the cursor rule per
 * subscription, coalescing and the frame write, without the network.
 */
public final class DispatchBench {
  private final HubShard shard;
  private final String topic;
  private final byte[] frame;
  private final String[] keys;
  private long offset;

  /**
   * @param otherTopics topics in the shard's index besides the one the batches are for
   * @param keyed true: every subscriber wants its own key and each record matches one of them;
   *     false: every subscriber wants the whole topic
   */
  public DispatchBench(int subscribers, boolean keyed, int otherTopics, int payloadBytes) {
    GatewayConfig config = ConfigLoader.load(null, Map.of("LOGCAST_NODE_ID", "bench",
        "LOGCAST_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1", "LOGCAST_TOPICS_ALLOW", "*", "LOGCAST_AUTH_MODE", "none"));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    GatewayMetrics metrics = new GatewayMetrics(registry, new io.logcast.gateway.metrics.TopicTags(false, java.util.Set.of()),
        new io.logcast.gateway.metrics.LimitMeters(registry));
    Services svc = new Services(config, null, null, null, null, null, null, null, null, metrics, null, null);
    this.shard = new HubShard(null, null, null, metrics, config.limits().maxCoalescedFrameBytes(),
        config.limits().maxWriteDutyPercent());
    this.topic = "bench";
    for (int t = 0; t < otherTopics; t++) {
      shard.topics().put("other-" + t, new TopicState("other-" + t, metrics.delivered("other-" + t)));
    }
    TopicState ts = new TopicState(topic, metrics.delivered(topic));
    ts.livePos = new long[] {0};
    shard.topics().put(topic, ts);
    this.keys = new String[subscribers];
    for (int i = 0; i < subscribers; i++) {
      keys[i] = "key-" + i;
      Client client = new Client(discardingSocket(), shard, svc, null, "bench");
      Subscription sub = new Subscription(client, topic, keyed ? keys[i] : null, "epoch", new long[] {0});
      sub.state[0] = Subscription.LIVE;
      ts.add(sub);
    }
    String data = "{\"type\":\"message\",\"topic\":\"bench\",\"partition\":0,\"offset\":1,\"timestamp\":1,\"data\":\""
        + "x".repeat(Math.max(0, payloadBytes - 12)) + "\"}";
    this.frame = data.getBytes(StandardCharsets.UTF_8);
  }

  /** A batch of {@code records} new records of the topic; with keys, record i goes to subscriber i's key. */
  public List<PartitionBatch> nextBatch(int records) {
    List<EncodedRecord> list = new ArrayList<>(records);
    for (int i = 0; i < records; i++) {
      list.add(new EncodedRecord(offset, keys[(int) (offset % keys.length)], frame, System.currentTimeMillis()));
      offset++;
    }
    return List.of(new PartitionBatch(topic, 0, list, offset, System.currentTimeMillis()));
  }

  public void dispatch(List<PartitionBatch> batch) {
    shard.onBatch(batch);
  }

  public double delivered() {
    return shard.metrics().delivered(topic).count();
  }

  /** Where the Transport finds the wire: it writes frames below the pipeline's WebSocket encoder. */
  private static final class FrameEncoderStandIn extends ChannelOutboundHandlerAdapter
      implements io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder {
  }

  /**
   * A socket that takes every write (a completed future) and is never full; the Transport writes
   * to its Netty channel, an embedded one whose last outbound handler releases and drops frames.
   */
  private static Socket discardingSocket() {
    // the Transport writes from the encoder's context towards the head: from "writer", every
    // write and flush reaches the discarder (below it) and ends there, as a socket that takes
    // everything at once would; nothing reaches the embedded channel's own outbound queue
    EmbeddedChannel channel = new EmbeddedChannel();
    channel.pipeline().addLast("discarder", new ChannelOutboundHandlerAdapter() {
      @Override
      public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ReferenceCountUtil.release(msg);
        promise.trySuccess();
      }

      @Override
      public void flush(ChannelHandlerContext ctx) {
      }
    });
    channel.pipeline().addLast("writer", new FrameEncoderStandIn());
    // no inbound frames here, so the socket never needs a Vert.x context
    return new Socket(channel, null, Integer.MAX_VALUE, Integer.MAX_VALUE);
  }
}
