package io.logcast.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InboundParserTest {
  private final InboundParser parser = new InboundParser(new Names(20, 8));

  private Inbound parse(String text) {
    return parser.parse(InboundParser.parseObject(text));
  }

  private ErrorCode errorOf(String text) {
    ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> parse(text));
    assertThat(e).as("expected a ProtocolException for %s", text).isNotNull();
    return e.error().code();
  }

  @Test
  void helloWithoutAndWithResume() {
    assertThat(parse("{\"type\":\"hello\",\"token\":null}")).isEqualTo(new Inbound.Hello(null, null));
    assertThat(parse("{\"type\":\"hello\",\"token\":\"jwt\"}")).isEqualTo(new Inbound.Hello("jwt", null));

    Inbound.Hello h = (Inbound.Hello) parse("""
        {"type":"hello","resume":{"session":"s1","secret":"x","subscriptions":[
          {"topic":"orders","key":"k1","epoch":"e1","offsets":{"0":1235,"2":7}},
          {"topic":"chat"}]}}""");
    assertThat(h.resume().session()).isEqualTo("s1");
    assertThat(h.resume().secret()).isEqualTo("x");
    assertThat(h.resume().subscriptions()).containsExactly(
        new Inbound.ResumeSubscription("orders", "k1", "e1", Map.of(0, 1235L, 2, 7L)),
        new Inbound.ResumeSubscription("chat", null, null, Map.of()));
  }

  @Test
  void resumeNeedsSessionAndSecret() {
    assertThat(errorOf("{\"type\":\"hello\",\"resume\":{\"secret\":\"x\"}}")).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(errorOf("{\"type\":\"hello\",\"resume\":{\"session\":\"s\",\"secret\":\"x\",\"subscriptions\":[1]}}"))
        .isEqualTo(ErrorCode.BAD_REQUEST);
  }

  @Test
  void subscribeWithEveryFrom() {
    assertThat(parse("{\"type\":\"subscribe\",\"id\":7,\"topic\":\"orders\",\"key\":\"k\"}"))
        .isEqualTo(new Inbound.Subscribe(7L, "orders", "k", From.LATEST));
    assertThat(((Inbound.Subscribe) parse("{\"type\":\"subscribe\",\"topic\":\"o\",\"from\":\"latest\"}")).from())
        .isEqualTo(From.LATEST);
    assertThat(((Inbound.Subscribe) parse("{\"type\":\"subscribe\",\"topic\":\"o\",\"from\":\"earliest\"}")).from())
        .isEqualTo(From.EARLIEST);
    assertThat(((Inbound.Subscribe) parse("{\"type\":\"subscribe\",\"topic\":\"o\",\"from\":{\"time\":1732200000000}}")).from())
        .isEqualTo(new From.AtTime(1732200000000L));
    Inbound.Subscribe at = (Inbound.Subscribe) parse(
        "{\"type\":\"subscribe\",\"topic\":\"o\",\"from\":{\"epoch\":\"e\",\"offsets\":{\"0\":5}}}");
    assertThat(at.from()).isEqualTo(new From.At(new Position("e", Map.of(0, 5L))));
    assertThat(at.id()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"middle\"", "5", "{}", "{\"epoch\":1,\"offsets\":{}}", "{\"offsets\":{\"0\":1}}",
      "{\"time\":\"soon\"}", "{\"epoch\":\"e\",\"offsets\":{\"0\":-1}}"})
  void badFromIsBadRequest(String from) {
    assertThat(errorOf("{\"type\":\"subscribe\",\"topic\":\"o\",\"from\":" + from + "}")).isEqualTo(ErrorCode.BAD_REQUEST);
  }

  @Test
  void unsubscribeAckPingRefresh() {
    assertThat(parse("{\"type\":\"unsubscribe\",\"id\":8,\"topic\":\"orders\"}"))
        .isEqualTo(new Inbound.Unsubscribe(8L, "orders", null));
    assertThat(parse("{\"type\":\"ack\",\"topic\":\"orders\",\"key\":\"k\",\"offsets\":{\"1\":88,\"0\":1235}}"))
        .isEqualTo(new Inbound.Ack("orders", "k", Map.of(0, 1235L, 1, 88L)));
    assertThat(parse("{\"type\":\"ping\"}")).isEqualTo(new Inbound.Ping());
    assertThat(parse("{\"type\":\"refresh\",\"id\":3,\"token\":\"t\"}")).isEqualTo(new Inbound.Refresh(3L, "t"));
    assertThat(errorOf("{\"type\":\"refresh\",\"id\":3}")).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(errorOf("{\"type\":\"ack\",\"topic\":\"orders\"}")).isEqualTo(ErrorCode.BAD_REQUEST);
  }

  @Test
  void publishStoresDataAsJsonTextOrBase64Bytes() {
    Inbound.Publish p = (Inbound.Publish) parse("""
        {"type":"publish","id":9,"topic":"chat","key":"room-1","data":{"text":"hi"},
         "headers":{"h":"v"},"idempotencyKey":"ik"}""");
    assertThat(p.id()).isEqualTo(9L);
    assertThat(p.topic()).isEqualTo("chat");
    assertThat(p.key()).isEqualTo("room-1");
    assertThat(new String(p.value(), StandardCharsets.UTF_8)).isEqualTo("{\"text\":\"hi\"}");
    assertThat(p.headers()).containsExactlyEntriesOf(Map.of("h", "v"));
    assertThat(p.idempotencyKey()).isEqualTo("ik");

    Inbound.Publish b = (Inbound.Publish) parse(
        "{\"type\":\"publish\",\"topic\":\"chat\",\"data\":\"AP8=\",\"encoding\":\"base64\"}");
    assertThat(b.value()).containsExactly(0x00, 0xff);
    assertThat(b.headers()).isEmpty();

    Inbound.Publish tombstone = (Inbound.Publish) parse("{\"type\":\"publish\",\"topic\":\"chat\",\"data\":null}");
    assertThat(tombstone.value()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"type\":\"publish\",\"topic\":\"chat\"}",
      "{\"type\":\"publish\",\"topic\":\"chat\",\"data\":1,\"headers\":{\"h\":1}}",
      "{\"type\":\"publish\",\"topic\":\"chat\",\"data\":1,\"headers\":[\"h\"]}",
      "{\"type\":\"publish\",\"topic\":\"chat\",\"data\":\"!!\",\"encoding\":\"base64\"}",
      "{\"type\":\"publish\",\"topic\":\"chat\",\"data\":{},\"encoding\":\"base64\"}",
      "{\"type\":\"publish\",\"topic\":\"chat\",\"data\":\"aGk=\",\"encoding\":\"hex\"}"})
  void badPublishIsBadRequest(String text) {
    assertThat(errorOf(text)).isEqualTo(ErrorCode.BAD_REQUEST);
  }

  @ParameterizedTest
  @ValueSource(strings = {"not json", "[1,2]", "\"hello\"", "{}", "{\"type\":5}", "{\"type\":\"hello\""})
  void notAnObjectWithAStringTypeIsBadRequest(String text) {
    ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> InboundParser.parseObject(text));
    assertThat(e).isNotNull();
    assertThat(e.error().code()).isEqualTo(ErrorCode.BAD_REQUEST);
  }

  @Test
  void unknownTypeIsBadRequest() {
    assertThat(errorOf("{\"type\":\"teleport\"}")).isEqualTo(ErrorCode.BAD_REQUEST);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"7\"", "1.5", "true", "{}"})
  void idMustBeAnInteger(String id) {
    assertThat(errorOf("{\"type\":\"subscribe\",\"id\":" + id + ",\"topic\":\"o\"}")).isEqualTo(ErrorCode.BAD_REQUEST);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"a b\"", "\"a/b\"", "\"\"", "\"ä\"", "\"abcdefghijklmnopqrstu\"", "5"})
  void illegalOrTooLongTopicIsBadRequest(String topic) {
    assertThat(errorOf("{\"type\":\"subscribe\",\"topic\":" + topic + "}")).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(errorOf("{\"type\":\"publish\",\"topic\":" + topic + ",\"data\":1}")).isEqualTo(ErrorCode.BAD_REQUEST);
  }

  @Test
  void topicAtTheLengthLimitIsAccepted() {
    assertThat(((Inbound.Subscribe) parse("{\"type\":\"subscribe\",\"topic\":\"abcdefghijklmnopqrst\"}")).topic())
        .hasSize(20);
  }

  @Test
  void keyLongerThanTheLimitIsLimitExceeded() {
    assertThat(((Inbound.Subscribe) parse("{\"type\":\"subscribe\",\"topic\":\"o\",\"key\":\"12345678\"}")).key())
        .isEqualTo("12345678");
    assertThat(errorOf("{\"type\":\"subscribe\",\"topic\":\"o\",\"key\":\"123456789\"}")).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
    assertThat(errorOf("{\"type\":\"publish\",\"topic\":\"o\",\"key\":\"123456789\",\"data\":1}"))
        .isEqualTo(ErrorCode.LIMIT_EXCEEDED);
    assertThat(errorOf("{\"type\":\"subscribe\",\"topic\":\"o\",\"key\":5}")).isEqualTo(ErrorCode.BAD_REQUEST);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"0\":-1}", "{\"x\":1}", "{\"-1\":1}", "{\"0\":1.5}", "{\"0\":\"1\"}", "[1]"})
  void badOffsetsAreBadRequest(String offsets) {
    assertThat(errorOf("{\"type\":\"ack\",\"topic\":\"o\",\"offsets\":" + offsets + "}")).isEqualTo(ErrorCode.BAD_REQUEST);
  }

  @Test
  void requestIdIsReadOnlyFromNumbers() {
    assertThat(InboundParser.requestId(new JsonObject("{\"id\":7}"))).isEqualTo(7L);
    assertThat(InboundParser.requestId(new JsonObject("{\"id\":\"7\"}"))).isNull();
    assertThat(InboundParser.requestId(null)).isNull();
  }

  @Test
  void errorMessagesDoNotEchoLongInput() {
    String longType = "x".repeat(500);
    ProtocolException e = catchThrowableOfType(ProtocolException.class,
        () -> parse("{\"type\":\"" + longType + "\"}"));
    assertThat(e.error().message()).hasSizeLessThan(100);
    assertThat(e.error().code()).isEqualTo(ErrorCode.BAD_REQUEST);
  }
}
