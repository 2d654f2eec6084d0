package io.logcast.dev;

import io.logcast.gateway.cli.UserError;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Checks a port before dev mode binds it, so a clash names the option to change instead of a stack trace. */
final class FreePorts {
  private FreePorts() {}

  static void require(String option, int port, String hint) {
    if (port < 1 || port > 65_535) {
      throw new UserError(option + " " + port + " is not a port (1-65535)");
    }
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
    } catch (IOException e) {
      throw new UserError("port " + port + " is already in use" + (hint == null ? "" : " (" + hint + ")")
          + "; choose another with " + option + " N");
    }
  }
}
