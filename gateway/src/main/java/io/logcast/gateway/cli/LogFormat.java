package io.logcast.gateway.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import io.logcast.gateway.config.ObservabilityConfig;
import org.slf4j.LoggerFactory;

/**
 * {@code logging.format: json}: the console appender of logback.xml gets logback's JSON encoder,
 * one object per line with timestamp, level, logger, formatted message and the key-value pairs
 * (principal, remote, code...). Done once the configuration is read, so only the first start-up
 * lines (before it) are text.
 */
final class LogFormat {
  private static final String APPENDER = "STDOUT";

  private LogFormat() {}

  static void apply(ObservabilityConfig.LogFormat format) {
    if (format != ObservabilityConfig.LogFormat.JSON
        || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
      return;
    }
    Appender<ILoggingEvent> appender = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(APPENDER);
    if (!(appender instanceof OutputStreamAppender<ILoggingEvent> out)) {
      return;
    }
    JsonEncoder json = new JsonEncoder();
    json.setContext(ctx);
    json.setWithSequenceNumber(false);
    json.setWithNanoseconds(false);
    json.setWithContext(false);
    json.setWithArguments(false);
    json.setWithMessage(false); // the formatted message is enough
    json.setWithFormattedMessage(true);
    json.start();
    out.stop();
    out.setEncoder(json);
    out.start();
  }
}
