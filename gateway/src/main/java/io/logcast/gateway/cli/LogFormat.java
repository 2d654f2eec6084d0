package io.logcast.gateway.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import io.logcast.gateway.config.ObservabilityConfig;
import org.slf4j.LoggerFactory;

/**
 * {@code logging.format: json}: the console appender of logback.xml gets {@link EcsJsonEncoder},
 * one flat object per line with the key-value pairs (principal, remote, code...) as typed fields.
 * Done once the configuration is read, so only the first start-up lines (before it) are text.
 * Public for dev mode (the logcast-dev module).
 */
public final class LogFormat {
  private static final String APPENDER = "STDOUT";

  private LogFormat() {}

  public static void apply(ObservabilityConfig.LogFormat format) {
    if (format != ObservabilityConfig.LogFormat.JSON
        || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
      return;
    }
    Appender<ILoggingEvent> appender = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(APPENDER);
    if (!(appender instanceof OutputStreamAppender<ILoggingEvent> out)) {
      return;
    }
    EcsJsonEncoder json = new EcsJsonEncoder();
    json.setContext(ctx);
    json.start();
    out.stop();
    out.setEncoder(json);
    out.start();
  }
}
