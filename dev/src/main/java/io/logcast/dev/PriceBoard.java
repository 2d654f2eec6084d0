package io.logcast.dev;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The demo price board behind {@code demo.prices}: quotes keyed by symbol that take a small random
 * walk; now and then a symbol is delisted (a tombstone, so the page shows a deletion) and listed
 * again a few seconds later. Not thread-safe: one timer thread calls it.
 */
final class PriceBoard {
  /** A record to write: {@code value} null is a tombstone. */
  record Quote(String symbol, JsonObject value) {}

  private static final Map<String, Double> START = startPrices();
  private static final int MIN_LISTED = 12;
  private static final double DELIST_CHANCE = 0.03;
  private static final double RELIST_CHANCE = 0.06;

  private final Random random;
  private final Map<String, Double> listed = new LinkedHashMap<>(START);
  private final List<String> delisted = new ArrayList<>();

  PriceBoard(Random random) {
    this.random = random;
  }

  /** Every symbol's quote: the whole board, written once at start so a snapshot has all of it. */
  List<Quote> all() {
    return listed.keySet().stream().map(this::quote).toList();
  }

  /** The next change: usually a new quote of one symbol, sometimes a delisting or a listing again. */
  Quote next() {
    if (!delisted.isEmpty() && random.nextDouble() < RELIST_CHANCE) {
      String symbol = delisted.remove(random.nextInt(delisted.size()));
      listed.put(symbol, START.get(symbol));
      return quote(symbol);
    }
    List<String> symbols = new ArrayList<>(listed.keySet());
    String symbol = symbols.get(random.nextInt(symbols.size()));
    if (listed.size() > MIN_LISTED && random.nextDouble() < DELIST_CHANCE) {
      listed.remove(symbol);
      delisted.add(symbol);
      return new Quote(symbol, null);
    }
    listed.computeIfPresent(symbol, (s, mid) -> mid * (1 + random.nextGaussian() * 0.0008));
    return quote(symbol);
  }

  int listedCount() {
    return listed.size();
  }

  private Quote quote(String symbol) {
    double mid = listed.get(symbol);
    double scale = mid >= 100 ? 100 : 10_000; // 2 decimals for large prices, 4 for FX rates
    double halfSpread = Math.max(1 / scale, mid * 0.00005);
    return new Quote(symbol, new JsonObject()
        .put("symbol", symbol)
        .put("bid", Math.round((mid - halfSpread) * scale) / scale)
        .put("ask", Math.round((mid + halfSpread) * scale) / scale)
        .put("updatedAt", System.currentTimeMillis()));
  }

  private static Map<String, Double> startPrices() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("EUR-USD", 1.0842);
    m.put("GBP-USD", 1.2715);
    m.put("USD-JPY", 151.24);
    m.put("USD-CHF", 0.8811);
    m.put("AUD-USD", 0.6603);
    m.put("USD-CAD", 1.3598);
    m.put("NZD-USD", 0.6108);
    m.put("EUR-GBP", 0.8527);
    m.put("EUR-JPY", 163.98);
    m.put("EUR-CHF", 0.9553);
    m.put("GBP-JPY", 192.31);
    m.put("USD-SEK", 10.452);
    m.put("USD-NOK", 10.611);
    m.put("XAU-USD", 2331.5);
    m.put("XAG-USD", 27.41);
    m.put("BTC-USD", 67120.0);
    return m;
  }
}
