package io.logcast.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Lines through a real logback pipeline (SLF4J's fluent API), read back with Jackson. */
class EcsJsonEncoderTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LoggerContext context = new LoggerContext();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private Logger log;

  @BeforeEach
  void setUp() {
    context.setMDCAdapter(new LogbackMDCAdapter()); // a context of our own has none
    EcsJsonEncoder encoder = new EcsJsonEncoder();
    encoder.setContext(context);
    encoder.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(out);
    appender.start();
    log = context.getLogger("io.logcast.connections");
    log.setLevel(Level.DEBUG);
    log.addAppender(appender);
  }

  @AfterEach
  void tearDown() {
    context.stop();
  }

  @Test
  void oneFlatObjectWithTypedFields() throws Exception {
    log.atInfo().setMessage("connection closed").addKeyValue("event", "close").addKeyValue("principal", "alice")
        .addKeyValue("code", 4009).addKeyValue("durationMs", 312044L).addKeyValue("resumed", false)
        .addKeyValue("ratio", 0.25).addKeyValue("remote", (Object) null).log();
    JsonNode line = only();
    assertThat(fieldNames(line)).containsExactly("@timestamp", "log.level", "log.logger", "process.thread.name",
        "message", "event.action", "principal", "code", "durationMs", "resumed", "ratio", "remote");
    assertThat(line.get("@timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(line.get("log.level").asText()).isEqualTo("INFO");
    assertThat(line.get("log.logger").asText()).isEqualTo("io.logcast.connections");
    assertThat(line.get("process.thread.name").asText()).isEqualTo(Thread.currentThread().getName());
    assertThat(line.get("message").asText()).isEqualTo("connection closed");
    assertThat(line.get("event.action").asText()).isEqualTo("close");
    assertThat(line.get("code").isIntegralNumber()).isTrue();
    assertThat(line.get("code").asInt()).isEqualTo(4009);
    assertThat(line.get("durationMs").isIntegralNumber()).isTrue();
    assertThat(line.get("durationMs").asLong()).isEqualTo(312044L);
    assertThat(line.get("resumed").isBoolean()).isTrue();
    assertThat(line.get("ratio").isDouble()).isTrue();
    assertThat(line.get("remote").isNull()).isTrue();
    assertThat(line.has("error.type")).isFalse();
  }

  @Test
  void messagesWithQuotesNewlinesAndUnicodeStayOneLine() throws Exception {
    String message = "say \"hi\"\n\tto ünïcødé ✓ 😀 \\ and \u0001";
    log.atWarn().setMessage("{}").addArgument(message).addKeyValue("principal", "a\"b\nc").log();
    String raw = out.toString(StandardCharsets.UTF_8);
    assertThat(raw).endsWith("\n");
    assertThat(raw.substring(0, raw.length() - 1)).doesNotContain("\n").doesNotContain("\u0001");
    JsonNode line = only();
    assertThat(line.get("message").asText()).isEqualTo(message);
    assertThat(line.get("principal").asText()).isEqualTo("a\"b\nc");
    assertThat(line.get("log.level").asText()).isEqualTo("WARN");
  }

  @Test
  void anExceptionBecomesErrorFields() throws Exception {
    IllegalStateException e = new IllegalStateException("broker gone", new java.io.IOException("reset"));
    log.atError().setMessage("live tail failed").setCause(e).log();
    JsonNode line = only();
    assertThat(line.get("error.type").asText()).isEqualTo("java.lang.IllegalStateException");
    assertThat(line.get("error.message").asText()).isEqualTo("broker gone");
    assertThat(line.get("error.stack_trace").asText())
        .startsWith("java.lang.IllegalStateException: broker gone")
        .contains("\tat io.logcast.gateway.cli.EcsJsonEncoderTest")
        .contains("Caused by: java.io.IOException: reset");
  }

  @Test
  void aPairNeverReplacesAReservedField() throws Exception {
    log.atInfo().setMessage("real").addKeyValue("message", "fake").addKeyValue("log.level", "FATAL")
        .addKeyValue("log", "x").addKeyValue("@timestamp", 0).log();
    JsonNode line = only();
    assertThat(line.get("message").asText()).isEqualTo("real");
    assertThat(line.get("log.level").asText()).isEqualTo("INFO");
    assertThat(line.get("kv.message").asText()).isEqualTo("fake");
    assertThat(line.get("kv.log.level").asText()).isEqualTo("FATAL");
    assertThat(line.get("kv.log").asText()).isEqualTo("x");
    assertThat(line.get("kv.@timestamp").asInt()).isZero();
  }

  @Test
  void valuesWithoutAJsonFormAreStrings() throws Exception {
    log.atInfo().setMessage("m").addKeyValue("nan", Double.NaN).addKeyValue("inf", Float.POSITIVE_INFINITY)
        .addKeyValue("level", Level.WARN).addKeyValue("big", new BigDecimal("12.50"))
        .addKeyValue("small", (short) 7).addKeyValue("byte", (byte) 1).log();
    JsonNode line = only();
    assertThat(line.get("nan").asText()).isEqualTo("NaN");
    assertThat(line.get("inf").asText()).isEqualTo("Infinity");
    assertThat(line.get("level").asText()).isEqualTo("WARN");
    assertThat(line.get("big").isNumber()).isTrue();
    assertThat(line.get("big").decimalValue()).isEqualByComparingTo("12.5");
    assertThat(line.get("small").asInt()).isEqualTo(7);
    assertThat(line.get("byte").asInt()).isEqualTo(1);
  }

  private JsonNode only() throws Exception {
    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(1);
    return JSON.readTree(lines[0]);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
