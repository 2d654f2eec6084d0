package io.logcast.gateway.cli;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CompletableFuture;

/**
 * What {@code logcast subscribe} does with the protocol objects it is sent, whichever the
 * transport: a message becomes a stdout line (its data, or the whole object), a gap a stderr line,
 * an error the end with status 1; after {@code max} messages it is done with status 0.
 */
final class MessagePrinter {
  enum Format { data, json }

  private final Format format;
  private final long max;
  private final CompletableFuture<Integer> done = new CompletableFuture<>();
  private long printed;

  MessagePrinter(Format format, long max) {
    this.format = format;
    this.max = max;
  }

  /** Handles one object; called from one thread at a time. */
  synchronized void handle(JsonObject o) {
    switch (String.valueOf(o.getString("type"))) {
      case "message" -> {
        if (printed >= max) {
          return; // the rest of a coalesced batch after the limit
        }
        System.out.println(format == Format.json ? o.encode() : text(o.getValue("data")));
        if (++printed >= max) {
          System.out.flush();
          done.complete(0);
        }
      }
      case "gap" -> System.err.println("logcast subscribe: gap " + o.encode());
      // the end of a snapshot: what came before it is the latest record per key, what follows is live
      case "snapshot" -> System.err.println("logcast subscribe: snapshot complete: " + o.getValue("count")
          + " keys, live from " + o.getValue("offsets"));
      case "error" -> {
        System.err.println("logcast subscribe: " + o.getString("code") + ": " + o.getString("message"));
        done.complete(1);
      }
      default -> { }
    }
  }

  /** Completes with the exit status, unless already done. */
  void finish(int status) {
    done.complete(status);
  }

  boolean isDone() {
    return done.isDone();
  }

  CompletableFuture<Integer> done() {
    return done;
  }

  private static String text(Object data) {
    return data instanceof String s ? s : Json.encode(data);
  }
}
