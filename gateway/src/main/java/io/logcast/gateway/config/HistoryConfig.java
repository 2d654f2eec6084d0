package io.logcast.gateway.config;

/**
 * History over HTTP ({@code GET /v1/topics/{topic}/messages}), read by the replay pool's readers
 * when no catch-up waits.
 *
 * @param maxLimit       the largest {@code limit} a request may ask for
 * @param maxPageBytes   a page's messages stop at this many bytes (at least one message is sent)
 * @param maxScanMs      a page is answered with what was read after this long; a keyed page may
 *                       then hold fewer records than asked, with a cursor to go on
 * @param maxConcurrent  pages read at once on this instance; more are answered 503
 * @param perSecond      pages a principal (with auth.mode none: an address) may ask for per second
 *                       on this instance; 0 for no limit
 */
public record HistoryConfig(int maxLimit, long maxPageBytes, long maxScanMs, int maxConcurrent, int perSecond) {
  public static final int DEFAULT_MAX_LIMIT = 1_000;
  public static final long DEFAULT_MAX_PAGE_BYTES = 1L << 20;
  public static final long DEFAULT_MAX_SCAN_MS = 2_000;
  public static final int DEFAULT_MAX_CONCURRENT = 16;
  public static final int DEFAULT_PER_SECOND = 20;
}
