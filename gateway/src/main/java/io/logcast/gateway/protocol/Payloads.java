package io.logcast.gateway.protocol;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a publish writes to Kafka. {@code data} is stored as its JSON text, so any consumer reads
 * back exactly what was sent; {@code "encoding":"base64"} with a string {@code data} stores raw bytes.
 */
public final class Payloads {
  private static final int MAX_HEADERS = 64;

  private Payloads() {}

  public static byte[] value(JsonObject item) {
    Object data = item.getValue("data");
    Object encoding = item.getValue("encoding");
    if (encoding == null) {
      return data == null ? null : Json.encode(data).getBytes(StandardCharsets.UTF_8);
    }
    if (!"base64".equals(encoding) || !(data instanceof String s)) {
      throw ProtocolError.badRequest("encoding is \"base64\" with a string 'data', or absent").exception();
    }
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw ProtocolError.badRequest("data is not valid base64").exception();
    }
  }

  public static Map<String, String> headers(JsonObject item) {
    Object h = item.getValue("headers");
    if (h == null) {
      return Map.of();
    }
    if (!(h instanceof JsonObject obj) || obj.size() > MAX_HEADERS) {
      throw ProtocolError.badRequest("headers is an object of at most " + MAX_HEADERS + " string values").exception();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : obj) {
      if (!(e.getValue() instanceof String v)) {
        throw ProtocolError.badRequest("header '" + Position.clip(e.getKey()) + "' must be a string").exception();
      }
      out.put(e.getKey(), v);
    }
    return out;
  }
}
