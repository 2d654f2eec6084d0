package io.logcast.testkit;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The broker's client port and controller port, remembered in the data dir.
 *
 * <p>Remembered because {@code format --standalone} writes the controller's endpoint into the
 * cluster metadata: a restart on the same data dir must bind the same controller port, and keeping
 * the client port too means clients' bootstrap address stays valid across a restart.
 */
record BrokerPorts(int port, int controllerPort) {
  static final String HOST = "127.0.0.1";
  private static final String FILE = "ports.properties";

  static BrokerPorts resolve(Path dataDir, int requestedPort) {
    Path file = dataDir.resolve(FILE);
    BrokerPorts previous = Files.exists(file) ? read(file) : null;
    int port = requestedPort != 0 ? requestedPort
        : previous != null ? previous.port() : FreePort.next();
    int controllerPort = previous != null ? previous.controllerPort() : FreePort.next();
    BrokerPorts ports = new BrokerPorts(port, controllerPort);
    ports.write(file);
    return ports;
  }

  private static BrokerPorts read(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new BrokerPorts(Integer.parseInt(p.getProperty("port")),
        Integer.parseInt(p.getProperty("controller.port")));
  }

  private void write(Path file) {
    Properties p = new Properties();
    p.setProperty("port", Integer.toString(port));
    p.setProperty("controller.port", Integer.toString(controllerPort));
    try (Writer w = Files.newBufferedWriter(file)) {
      p.store(w, "ports of the Logcast test broker using this data dir");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
