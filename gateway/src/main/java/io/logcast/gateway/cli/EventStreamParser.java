package io.logcast.gateway.cli;

import java.util.function.BiConsumer;
import java.util.function.LongConsumer;

/**
 * The event-stream format of the HTML standard, a line at a time: {@code id}, {@code data} and
 * {@code retry} fields, comments ignored. An event is dispatched at its blank line only, so one
 * cut before that is dropped and the position stays at the last whole event.
 */
final class EventStreamParser {
  private final BiConsumer<String, String> onEvent;
  private final LongConsumer onRetry;
  private final StringBuilder data = new StringBuilder();
  private String idBuffer;
  private String lastEventId;

  /** @param lastEventId the id to resume from ("" for none); it holds until the stream sends another */
  EventStreamParser(String lastEventId, BiConsumer<String, String> onEvent, LongConsumer onRetry) {
    this.idBuffer = lastEventId;
    this.lastEventId = lastEventId;
    this.onEvent = onEvent;
    this.onRetry = onRetry;
  }

  void line(String line) {
    if (line.isEmpty()) {
      lastEventId = idBuffer;
      if (!data.isEmpty()) {
        String d = data.toString();
        data.setLength(0);
        onEvent.accept(lastEventId, d);
      }
    } else if (line.startsWith("id:")) {
      idBuffer = value(line, 3);
    } else if (line.startsWith("data:")) {
      data.append(data.isEmpty() ? "" : "\n").append(value(line, 5));
    } else if (line.startsWith("retry:") && value(line, 6).matches("[0-9]{1,9}")) {
      onRetry.accept(Long.parseLong(value(line, 6)));
    }
  }

  /** The id of the last event dispatched, to send as Last-Event-ID on a reconnect. */
  String lastEventId() {
    return lastEventId;
  }

  private static String value(String line, int from) {
    return line.startsWith(" ", from) ? line.substring(from + 1) : line.substring(from);
  }
}
