package io.logcast.gateway.history;

import io.logcast.gateway.protocol.Names;
import io.logcast.gateway.protocol.ProtocolError;
import io.vertx.core.MultiMap;

/**
 * One page asked for: {@code ?key=&from=&limit=&direction=&cursor=}. {@code cursor} is null for a
 * first page, which starts at {@code from}: {@code earliest}, {@code latest} or {@code time:<ms>}.
 */
public record HistoryRequest(String topic, String key, boolean forward, From from, long timeMs, HistoryCursor cursor,
    int limit) {
  public static final int DEFAULT_LIMIT = 100;

  /** A first page's start. */
  public enum From { EARLIEST, LATEST, TIME, CURSOR }

  public static HistoryRequest parse(String rawTopic, MultiMap params, Names names, int maxLimit) {
    String topic = names.topic(rawTopic);
    String key = params.contains("key") ? names.key(single(params, "key")) : null;
    int limit = limit(params, maxLimit);
    String cursorText = params.contains("cursor") ? single(params, "cursor") : null;
    if (cursorText != null) {
      if (params.contains("from") || params.contains("direction")) {
        throw ProtocolError.badRequest("'cursor' carries the direction and the position: send it without 'from' "
            + "and 'direction'").exception();
      }
      HistoryCursor cursor = HistoryCursor.decode(cursorText);
      if (!cursor.keyCheck().equals(HistoryCursor.keyCheck(key))) {
        throw ProtocolError.badRequest("this cursor was issued for another 'key'").exception();
      }
      return new HistoryRequest(topic, key, cursor.forward(), From.CURSOR, 0, cursor, limit);
    }
    boolean forward = direction(params);
    String from = params.contains("from") ? single(params, "from") : forward ? "earliest" : "latest";
    if (from.equals("earliest")) {
      return new HistoryRequest(topic, key, forward, From.EARLIEST, 0, null, limit);
    }
    if (from.equals("latest")) {
      return new HistoryRequest(topic, key, forward, From.LATEST, 0, null, limit);
    }
    if (from.startsWith("time:")) {
      try {
        long ms = Long.parseLong(from.substring("time:".length()));
        if (ms >= 0) {
          return new HistoryRequest(topic, key, forward, From.TIME, ms, null, limit);
        }
      } catch (NumberFormatException e) {
        // answered below
      }
    }
    throw ProtocolError.badRequest("'from' must be earliest, latest or time:<epoch ms>").exception();
  }

  private static boolean direction(MultiMap params) {
    String d = params.contains("direction") ? single(params, "direction") : "forward";
    return switch (d) {
      case "forward" -> true;
      case "backward" -> false;
      default -> throw ProtocolError.badRequest("'direction' must be forward or backward").exception();
    };
  }

  private static int limit(MultiMap params, int maxLimit) {
    if (!params.contains("limit")) {
      return Math.min(DEFAULT_LIMIT, maxLimit);
    }
    String text = single(params, "limit");
    try {
      int limit = Integer.parseInt(text);
      if (limit >= 1 && limit <= maxLimit) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ProtocolError.badRequest("'limit' must be an integer from 1 to " + maxLimit).exception();
  }

  private static String single(MultiMap params, String name) {
    if (params.getAll(name).size() != 1) {
      throw ProtocolError.badRequest("'" + name + "' may appear once").exception();
    }
    return params.get(name);
  }
}
