package io.logcast.gateway.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Encodes a Kafka record into its {@code message} object, once; the bytes are then written to every
 * matching client. Not thread-safe: one encoder per reading thread (it reuses its buffer).
 *
 * <p>{@code data} follows PROTOCOL.md: the value as JSON when it parses as one JSON value (copied
 * verbatim unless it holds raw line breaks, which would split a coalesced frame), else a JSON
 * string of its UTF-8 text, else base64 with {@code "encoding":"base64"}.
 */
public final class RecordEncoder {
  private static final JsonFactory JSON = JsonFactory.builder().build();
  private final ByteArrayBuilder out = new ByteArrayBuilder(1024);

  public byte[] encode(String topic, String key, int partition, long offset, long timestamp, byte[] value, Headers headers) {
    out.reset();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("type", "message");
      g.writeStringField("topic", topic);
      if (key != null) {
        g.writeStringField("key", key);
      }
      g.writeNumberField("partition", partition);
      g.writeNumberField("offset", offset);
      g.writeNumberField("timestamp", timestamp);
      g.writeFieldName("data");
      writeData(g, value);
      writeHeaders(g, headers);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void writeData(JsonGenerator g, byte[] value) throws IOException {
    if (value == null) {
      g.writeNull();
      return;
    }
    String text = utf8(value);
    if (text == null) {
      g.writeString(Base64.getEncoder().encodeToString(value));
      g.writeStringField("encoding", "base64");
      return;
    }
    switch (classify(text)) {
      case JSON_VERBATIM -> g.writeRawValue(text);
      case JSON_REFORMAT -> {
        try (JsonParser p = JSON.createParser(text)) {
          p.nextToken();
          g.copyCurrentStructure(p);
        }
      }
      case TEXT -> g.writeString(text);
    }
  }

  private static void writeHeaders(JsonGenerator g, Headers headers) throws IOException {
    if (headers == null) {
      return;
    }
    boolean open = false;
    for (Header h : headers) {
      if (!open) {
        g.writeObjectFieldStart("headers");
        open = true;
      }
      g.writeFieldName(h.key());
      if (h.value() == null) {
        g.writeNull();
      } else {
        g.writeString(new String(h.value(), StandardCharsets.UTF_8));
      }
    }
    if (open) {
      g.writeEndObject();
    }
  }

  enum Kind { JSON_VERBATIM, JSON_REFORMAT, TEXT }

  /**
   * Classifies already-validated text. Parsing the String (not the bytes) keeps Jackson from
   * guessing another encoding or skipping a byte-order mark; a leading BOM makes it text.
   */
  static Kind classify(String text) {
    if (text.isEmpty() || text.charAt(0) == '\uFEFF' || !isSingleJsonValue(text)) {
      return Kind.TEXT;
    }
    return text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0 ? Kind.JSON_REFORMAT : Kind.JSON_VERBATIM;
  }

  private static boolean isSingleJsonValue(String text) {
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() == null) {
        return false;
      }
      p.skipChildren();
      return p.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }

  /** Strict UTF-8 decoding; null when the bytes are not valid UTF-8 (overlong, surrogates, ...). */
  private static String utf8(byte[] value) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(value))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
