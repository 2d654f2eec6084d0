package io.logcast.gateway.admin;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Runs a query on each part's own event loop (connections and shards are confined to theirs). */
final class Loops {
  private Loops() {}

  /** Runs {@code f} for each part on its own loop; the list of answers completes on {@code caller}. */
  static <P, T> Future<List<T>> onEach(List<P> each, Function<P, Context> loop, Function<P, T> f, Context caller) {
    List<Future<T>> parts = new ArrayList<>();
    for (P part : each) {
      Promise<T> p = Promise.promise();
      loop.apply(part).runOnContext(v -> {
        try {
          T r = f.apply(part);
          caller.runOnContext(x -> p.complete(r));
        } catch (RuntimeException e) {
          caller.runOnContext(x -> p.fail(e));
        }
      });
      parts.add(p.future());
    }
    return Future.all(parts).map(all -> parts.stream().map(Future::result).toList());
  }
}
