package io.logcast.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.auth.AuthException;
import io.logcast.gateway.auth.AuthFailure;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

class ErrorsTest {
  @Test
  void protocolExceptionKeepsItsError() {
    ProtocolError error = ProtocolError.forbidden("not yours");
    assertThat(Errors.map(error.exception())).isSameAs(error);
    assertThat(Errors.map(new CompletionException(new ExecutionException(error.exception())))).isSameAs(error);
  }

  @Test
  void kafkaErrorsMapToCodes() {
    // UnknownTopicOrPartitionException is also a RetriableException: it must still be not_found.
    assertThat(Errors.map(new UnknownTopicOrPartitionException("x")).code()).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(Errors.map(new InvalidTopicException("x")).code()).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(Errors.map(new TimeoutException("x")).code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(Errors.map(new java.util.concurrent.TimeoutException("x")).code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(Errors.map(new NotLeaderOrFollowerException("x")).code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(Errors.map(new RecordTooLargeException("x")).code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
    assertThat(Errors.map(new TopicAuthorizationException("x")).code()).isEqualTo(ErrorCode.UNAVAILABLE);
  }

  @Test
  void wrappedExceptionsAreUnwrapped() {
    assertThat(Errors.map(new CompletionException(new UnknownTopicOrPartitionException("x"))).code())
        .isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(Errors.map(new ExecutionException(new TimeoutException("x"))).code()).isEqualTo(ErrorCode.UNAVAILABLE);
  }

  @Test
  void unexpectedExceptionIsInternalWithoutItsText() {
    ProtocolError e = Errors.map(new CompletionException(new IllegalStateException("db password=hunter2")));
    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
    assertThat(e.message()).doesNotContain("hunter2", "password", "IllegalState");
  }

  @Test
  void refusedTokensAreUnauthorizedAndUnreachableKeysUnavailable() {
    ProtocolError e = Errors.map(new CompletionException(new AuthException(AuthFailure.EXPIRED)));
    assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
    assertThat(e.message()).isEqualTo("token expired");
    assertThat(Errors.map(new AuthException(AuthFailure.KEYS_UNAVAILABLE)).code()).isEqualTo(ErrorCode.UNAVAILABLE);
  }

  @Test
  void errorJsonUsesWireNames() {
    assertThat(ProtocolError.limit("too big").toJson(4L).encode())
        .isEqualTo("{\"type\":\"error\",\"id\":4,\"code\":\"limit_exceeded\",\"message\":\"too big\"}");
    assertThat(ProtocolError.notFound("x").toJson(null).getValue("id")).isNull();
    assertThat(ErrorCode.NOT_FOUND.httpStatus()).isEqualTo(404);
  }
}
