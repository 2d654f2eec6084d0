package io.logcast.gateway.cli;

import io.logcast.gateway.config.ConfigException;
import java.net.BindException;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;

/**
 * What a command's exception becomes: the user's mistakes one clear line and exit 2, never a stack
 * trace; anything else one line and exit 1, with the trace only when LOGCAST_LOG_LEVEL=DEBUG.
 */
final class Failures implements CommandLine.IExecutionExceptionHandler {
  static final int USER_ERROR = 2;
  static final int FAILURE = 1;

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    Throwable cause = unwrap(e);
    String name = cmd.getCommandSpec().qualifiedName();
    if (cause instanceof UserError || cause instanceof ConfigException) {
      cmd.getErr().println(name + ": " + cause.getMessage());
      return USER_ERROR;
    }
    if (cause instanceof BindException) {
      cmd.getErr().println(name + ": a port is already in use (" + cause.getMessage()
          + "); stop what holds it or choose other ports (see --help)");
      return USER_ERROR;
    }
    if (cause instanceof java.net.ConnectException || cause instanceof java.net.UnknownHostException
        || cause instanceof java.net.http.HttpConnectTimeoutException) {
      cmd.getErr().println(name + ": cannot reach the gateway (" + cause.getClass().getSimpleName()
          + "): is it running? `logcast dev` starts one; --url points elsewhere");
      return FAILURE;
    }
    if (cause instanceof KafkaException || cause instanceof java.util.concurrent.TimeoutException) {
      cmd.getErr().println(name + ": Kafka: " + cause.getMessage());
      return FAILURE;
    }
    cmd.getErr().println(name + ": unexpected error: " + cause);
    if ("DEBUG".equalsIgnoreCase(System.getenv("LOGCAST_LOG_LEVEL"))) {
      cause.printStackTrace(cmd.getErr());
    } else {
      cmd.getErr().println("(run with LOGCAST_LOG_LEVEL=DEBUG for the stack trace)");
    }
    return FAILURE;
  }

  private static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof java.util.concurrent.ExecutionException
        || c instanceof java.util.concurrent.CompletionException) && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }
}
