package io.logcast.testkit;

import java.util.Map;
import java.util.TreeMap;

/**
 * How a {@link ResumingClient}'s connections went: connects and their failures, welcomes and
 * resumes, close codes, the times of the last reconnect's stages, and notes of what went wrong or
 * differently, counted by kind.
 *
 * <p>Not thread-safe: used under the client's monitor.
 */
final class ClientStats {
  private int connects;
  private int connectFailures;
  private String lastFailure;
  private int welcomes;
  private int resumedTrue;
  private int resumedFalse;
  private long closedAtMillis;
  private long reconnectAtMillis;
  private long upgradedAtMillis;
  private long welcomeAtMillis;
  private long resumedAtMillis;
  private final Map<Integer, Integer> closeCodes = new TreeMap<>();
  private final Map<String, Integer> notes = new TreeMap<>();

  // ---- recording

  /** A connect starts; the first one after a close is the reconnect timed. */
  void connecting() {
    connects++;
    if (closedAtMillis > 0 && reconnectAtMillis < closedAtMillis) {
      reconnectAtMillis = System.currentTimeMillis();
    }
  }

  void connectFailed(Throwable e) {
    connectFailures++;
    lastFailure = e.toString();
    note("connect failed: " + kind(e));
  }

  void socketError(Throwable e) {
    note("socket error: " + kind(e));
  }

  /** The WebSocket upgrade completed; timed only after a close (a reconnect). */
  void upgraded() {
    if (closedAtMillis > 0) {
      upgradedAtMillis = System.currentTimeMillis();
    }
  }

  /** A close, with its status code (null: none). */
  void closed(Short code) {
    closedAtMillis = System.currentTimeMillis();
    closeCodes.merge(code == null ? -1 : (int) code, 1, Integer::sum);
  }

  void welcomed() {
    welcomes++;
    welcomeAtMillis = System.currentTimeMillis();
  }

  /** The last welcome resumed the session asked for. */
  void resumed() {
    resumedTrue++;
    resumedAtMillis = welcomeAtMillis; // the same instant as the welcome, as one clock reading
  }

  /** The last welcome refused the resume asked for. */
  void resumeRefused(String reason) {
    resumedFalse++;
    note("resume refused: " + reason);
  }

  void note(String what) {
    notes.merge(what, 1, Integer::sum);
  }

  /** A failure's kind without the parts that differ per connection (ports, addresses). */
  private static String kind(Throwable e) {
    String msg = String.valueOf(e.getMessage()).replaceAll("[0-9.:]+[0-9]", "#");
    return e.getClass().getSimpleName() + " " + msg.substring(0, Math.min(80, msg.length()));
  }

  // ---- reading

  int connects() {
    return connects;
  }

  int connectFailures() {
    return connectFailures;
  }

  String lastFailure() {
    return lastFailure;
  }

  int welcomes() {
    return welcomes;
  }

  int resumedTrue() {
    return resumedTrue;
  }

  int resumedFalse() {
    return resumedFalse;
  }

  long closedAtMillis() {
    return closedAtMillis;
  }

  long reconnectAtMillis() {
    return reconnectAtMillis;
  }

  long upgradedAtMillis() {
    return upgradedAtMillis;
  }

  long welcomeAtMillis() {
    return welcomeAtMillis;
  }

  long resumedAtMillis() {
    return resumedAtMillis;
  }

  Map<Integer, Integer> closeCodes() {
    return new TreeMap<>(closeCodes);
  }

  Map<String, Integer> notes() {
    return new TreeMap<>(notes);
  }

  /** The counts, without the notes. */
  @Override
  public String toString() {
    return "welcomes=" + welcomes + " resumed=" + resumedTrue + "/" + resumedFalse + " closes=" + closeCodes
        + " connects=" + connects + " failures=" + connectFailures + " last=" + lastFailure;
  }
}
