package io.logcast.load.target;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.util.List;

/** PROTOCOL.md v1: hello → welcome, subscribe → subscribed, then newline-separated message objects. */
public final class LogcastProtocol implements Protocol {
  private static final String SUBSCRIBED = "\"type\":\"subscribed\"";
  private final URI wsUrl;

  public LogcastProtocol(String wsUrl) {
    this.wsUrl = URI.create(wsUrl);
  }

  @Override
  public WebSocketConnectOptions connectOptions(String topic) {
    return new WebSocketConnectOptions().setHost(wsUrl.getHost()).setPort(wsUrl.getPort())
        .setURI(wsUrl.getRawPath()).addSubProtocol("logcast.v1");
  }

  @Override
  public List<String> openingFrames(String topic) {
    return List.of("{\"type\":\"hello\",\"token\":null}",
        "{\"type\":\"subscribe\",\"id\":1,\"topic\":\"" + topic + "\",\"from\":\"latest\"}");
  }

  @Override
  public String channel(String topic, String key) {
    return topic;
  }

  @Override
  public List<String> openingFrames(String topic, String key) {
    if (key == null) {
      return openingFrames(topic);
    }
    return List.of("{\"type\":\"hello\",\"token\":null}",
        "{\"type\":\"subscribe\",\"id\":1,\"topic\":\"" + topic + "\",\"key\":\"" + key + "\",\"from\":\"latest\"}");
  }

  @Override
  public boolean confirmsSubscription(Buffer frame) {
    return frame.length() < 4096 && frame.toString().contains(SUBSCRIBED);
  }
}
