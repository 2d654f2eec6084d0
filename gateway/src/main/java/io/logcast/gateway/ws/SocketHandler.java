package io.logcast.gateway.ws;

/** What a {@link Socket} reports, on its connection's context: the frames read and the socket's end. */
public interface SocketHandler {
  void onText(String text);

  /** A binary frame: reserved by the protocol. */
  void onBinary();

  void onPong();

  /** A message arrived in fragments past the frame ceiling, refused unassembled. */
  void onTooBig();

  /** The close handshake has begun (the peer's close, or a protocol error): nothing more is written. */
  void onPeerClosing();

  void onSocketError(Throwable error);

  /** The TCP connection is gone. */
  void onClosed();
}
