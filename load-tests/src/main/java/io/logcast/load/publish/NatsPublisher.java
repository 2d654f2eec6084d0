package io.logcast.load.publish;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * NATS's natural path: a client connection on the core protocol port sending {@code PUB}; given
 * several subjects (a subject per key), message {@code seq} goes to subject {@code seq % n}. A
 * thread drains what the server sends (INFO, PING → PONG) so the connection stays healthy.
 */
public final class NatsPublisher implements Publisher {
  private final Socket socket;
  private final OutputStream out;
  private final byte[][] subjectPrefixes;
  private final AtomicLong failures = new AtomicLong();

  public NatsPublisher(int port, List<String> subjects) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setTcpNoDelay(true);
    out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    subjectPrefixes = subjects.stream().map(s -> ("PUB " + s + " ").getBytes(StandardCharsets.US_ASCII))
        .toArray(byte[][]::new);
    write("CONNECT {\"verbose\":false,\"pedantic\":false}\r\n".getBytes(StandardCharsets.US_ASCII));
    Thread reader = new Thread(this::readLoop, "nats-publisher-reader");
    reader.setDaemon(true);
    reader.start();
  }

  private void readLoop() {
    try (InputStream in = socket.getInputStream()) {
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0) {
        if (c != '\n') {
          line.append((char) c);
          continue;
        }
        if (line.toString().startsWith("PING")) {
          write("PONG\r\n".getBytes(StandardCharsets.US_ASCII));
        } else if (line.toString().startsWith("-ERR")) {
          failures.incrementAndGet();
        }
        line.setLength(0);
      }
    } catch (IOException closed) {
      // the publisher was closed
    }
  }

  private synchronized void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  @Override
  public synchronized void publish(long seq, long nanos, byte[] payload) {
    try {
      out.write(subjectPrefixes[(int) (seq % subjectPrefixes.length)]);
      out.write((payload.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(payload);
      out.write('\r');
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      failures.incrementAndGet();
    }
  }

  @Override
  public long failures() {
    return failures.get();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing
    }
  }
}
