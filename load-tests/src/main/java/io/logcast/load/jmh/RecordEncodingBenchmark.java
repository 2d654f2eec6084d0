package io.logcast.load.jmh;

import io.logcast.gateway.protocol.RecordEncoder;
import io.logcast.load.publish.Payloads;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Record → frame bytes: the gateway encodes each Kafka record once (then writes the same bytes to
 * every matching client), so this cost is paid per record, not per delivery.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RecordEncodingBenchmark {
  /** json: a JSON object value copied verbatim; text: a non-JSON string value escaped into a JSON string. */
  @Param({"json", "text"})
  public String kind;

  @Param({"200", "2048"})
  public int payloadBytes;

  private final RecordEncoder encoder = new RecordEncoder();
  private final RecordHeaders headers = new RecordHeaders();
  private byte[] value;
  private long offset;

  @Setup
  public void setup() {
    String json = new Payloads(payloadBytes).text(12345, System.nanoTime());
    value = ("json".equals(kind) ? json : "plain text, " + json.replace('{', ' ')).getBytes(StandardCharsets.UTF_8);
  }

  @Benchmark
  public byte[] encode() {
    return encoder.encode("orders", "order-42", 0, offset++, 1_732_200_000_000L, value, headers);
  }
}
