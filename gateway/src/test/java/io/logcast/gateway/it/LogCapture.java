package io.logcast.gateway.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Captures every log event of this JVM (the gateway under test runs in it), with the gateway's,
 * Vert.x's and Netty's loggers turned up to DEBUG, so a test can assert a secret never reaches a log.
 */
final class LogCapture implements AutoCloseable {
  private static final List<String> LOUD = List.of("io.logcast", "io.logcast.connections", "io.logcast.auth",
      "io.logcast.limits", "io.vertx", "io.netty");

  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Map<String, Level> saved = new HashMap<>();

  LogCapture() {
    appender.setContext(context);
    appender.start();
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
    for (String name : LOUD) {
      Logger l = context.getLogger(name);
      saved.put(name, l.getLevel());
      l.setLevel(Level.DEBUG);
    }
  }

  /** Every captured message and exception text. */
  List<String> texts() {
    List<String> out = new ArrayList<>();
    synchronized (appender) {
      for (ILoggingEvent e : appender.list) {
        out.add(e.getFormattedMessage());
        if (e.getKeyValuePairs() != null) {
          e.getKeyValuePairs().forEach(kv -> out.add(kv.key + "=" + kv.value));
        }
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
          out.add(t.getClassName() + ": " + t.getMessage());
        }
      }
    }
    return out;
  }

  int events() {
    return appender.list.size();
  }

  @Override
  public void close() {
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(appender);
    saved.forEach((name, level) -> context.getLogger(name).setLevel(level));
    appender.stop();
  }
}
