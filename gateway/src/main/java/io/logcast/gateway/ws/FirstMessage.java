package io.logcast.gateway.ws;

/**
 * A {@link SocketHandler} that runs {@code first} once, at the first text message: the hello (any
 * other first message closes the connection). Until then a socket counts as pending for its address.
 */
final class FirstMessage implements SocketHandler {
  private final SocketHandler next;
  private Runnable first;

  FirstMessage(SocketHandler next, Runnable first) {
    this.next = next;
    this.first = first;
  }

  @Override
  public void onText(String text) {
    if (first != null) {
      Runnable r = first;
      first = null;
      r.run();
    }
    next.onText(text);
  }

  @Override
  public void onBinary() {
    next.onBinary();
  }

  @Override
  public void onPong() {
    next.onPong();
  }

  @Override
  public void onTooBig() {
    next.onTooBig();
  }

  @Override
  public void onPeerClosing() {
    next.onPeerClosing();
  }

  @Override
  public void onSocketError(Throwable error) {
    next.onSocketError(error);
  }

  @Override
  public void onClosed() {
    next.onClosed();
  }
}
