package io.logcast.gateway.protocol;

import static java.nio.charset.StandardCharsets.UTF_16LE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class RecordEncoderTest {
  private final RecordEncoder encoder = new RecordEncoder();

  private JsonObject encode(byte[] value) {
    return encode("k", value, null);
  }

  /** Parses the output as a message object, checking what holds for every record. */
  private JsonObject encode(String key, byte[] value, RecordHeaders headers) {
    byte[] bytes = encoder.encode("orders", key, 3, 1234, 1732200000000L, value, headers);
    assertThat(bytes).as("no raw line break may split a coalesced frame").doesNotContain((byte) '\n', (byte) '\r');
    JsonObject o = new JsonObject(new String(bytes, UTF_8));
    assertThat(o.getString("type")).isEqualTo("message");
    assertThat(o.getString("topic")).isEqualTo("orders");
    assertThat(o.getInteger("partition")).isEqualTo(3);
    assertThat(o.getLong("offset")).isEqualTo(1234L);
    assertThat(o.getLong("timestamp")).isEqualTo(1732200000000L);
    return o;
  }

  @Test
  void jsonValueIsEmbeddedAsJson() {
    JsonObject o = encode("{\"a\":1,\"b\":[true,null,\"x\"]}".getBytes(UTF_8));
    assertThat(o.getJsonObject("data")).isEqualTo(new JsonObject().put("a", 1).put("b", new JsonArray().add(true).addNull().add("x")));
    assertThat(o.containsKey("encoding")).isFalse();
    assertThat(encode("42".getBytes(UTF_8)).getValue("data")).isEqualTo(42);
    assertThat(encode("\"quoted\"".getBytes(UTF_8)).getValue("data")).isEqualTo("quoted");
  }

  @Test
  void prettyPrintedJsonIsReEncodedOnOneLine() {
    byte[] pretty = "{\n  \"a\": 1,\r\n  \"list\": [\n    1, 2\n  ]\n}\n".getBytes(UTF_8);
    assertThat(encode(pretty).getJsonObject("data"))
        .isEqualTo(new JsonObject().put("a", 1).put("list", new JsonArray().add(1).add(2)));
  }

  @Test
  void twoJsonValuesAreText() {
    assertThat(encode("1 2".getBytes(UTF_8)).getValue("data")).isEqualTo("1 2");
    assertThat(encode("{}{}".getBytes(UTF_8)).getValue("data")).isEqualTo("{}{}");
  }

  @Test
  void utf8TextIsAJsonString() {
    JsonObject o = encode("héllo\nwörld ✓".getBytes(UTF_8));
    assertThat(o.getValue("data")).isEqualTo("héllo\nwörld ✓");
    assertThat(o.containsKey("encoding")).isFalse();
    assertThat(encode(new byte[0]).getValue("data")).isEqualTo("");
  }

  @Test
  void invalidUtf8IsBase64() {
    byte[] bin = {(byte) 0xc3, 0x28, 0x00, (byte) 0xff};
    JsonObject o = encode(bin);
    assertThat(o.getString("encoding")).isEqualTo("base64");
    assertThat(Base64.getDecoder().decode(o.getString("data"))).isEqualTo(bin);
  }

  @Test
  void nullValueIsJsonNull() {
    JsonObject o = encode(null);
    assertThat(o.containsKey("data")).isTrue();
    assertThat(o.getValue("data")).isNull();
  }

  @Test
  void keyAndHeadersOnlyWhenPresent() {
    JsonObject bare = encode(null, "1".getBytes(UTF_8), null);
    assertThat(bare.containsKey("key")).isFalse();
    assertThat(bare.containsKey("headers")).isFalse();
    assertThat(encode(null, "1".getBytes(UTF_8), new RecordHeaders()).containsKey("headers")).isFalse();

    RecordHeaders headers = new RecordHeaders();
    headers.add("trace", "a\nb".getBytes(UTF_8));
    headers.add("empty", null);
    JsonObject o = encode("line\nkey", "1".getBytes(UTF_8), headers);
    assertThat(o.getString("key")).isEqualTo("line\nkey");
    assertThat(o.getJsonObject("headers")).isEqualTo(new JsonObject().put("trace", "a\nb").putNull("empty"));
  }

  @Test
  void theBufferIsReusedWithoutCorruptingEarlierResults() {
    byte[] first = encoder.encode("t", null, 0, 1, 2, "{\"long\":\"".concat("x".repeat(3000)).concat("\"}").getBytes(UTF_8), null);
    String firstText = new String(first, UTF_8);
    encoder.encode("t", null, 0, 2, 2, "2".getBytes(UTF_8), null);
    assertThat(new String(first, UTF_8)).isEqualTo(firstText);
    assertThat(new JsonObject(firstText).getJsonObject("data").getString("long")).hasSize(3000);
  }

  // --- values whose bytes are not strict UTF-8 JSON, though Jackson's byte parser accepts them ---

  /** A UTF-8 BOM before a JSON value: the raw U+FEFF must not end up in the message. */
  @Test
  void jsonWithUtf8BomStillGivesValidJson() {
    JsonObject o = encode("\uFEFF{\"a\":1}".getBytes(UTF_8));
    assertThat(o.getValue("data")).isNotNull();
  }

  /**
   * UTF-16 JSON is not JSON in UTF-8 and must not be copied verbatim (raw NUL bytes would break the
   * frame). Its bytes are valid UTF-8 (NUL is), so per the protocol it becomes a JSON string.
   */
  @Test
  void utf16JsonIsNotCopiedVerbatim() {
    byte[] utf16 = "{\"a\":1}".getBytes(UTF_16LE);
    JsonObject o = encode(utf16);
    assertThat(o.getValue("data")).isInstanceOf(String.class);
    assertThat(o.getString("data").getBytes(UTF_8)).isEqualTo(utf16);
  }

  /** CESU-8 (surrogate halves encoded as 3 bytes) inside a JSON string is invalid UTF-8: base64, not U+FFFD. */
  @Test
  void invalidUtf8InsideJsonStringIsBase64() {
    byte[] cesu = {'"', (byte) 0xed, (byte) 0xa0, (byte) 0xbd, (byte) 0xed, (byte) 0xb8, (byte) 0x80, '"'};
    JsonObject o = encode(cesu);
    assertThat(o.getString("encoding")).isEqualTo("base64");
    assertThat(Base64.getDecoder().decode(o.getString("data"))).isEqualTo(cesu);
  }
}
