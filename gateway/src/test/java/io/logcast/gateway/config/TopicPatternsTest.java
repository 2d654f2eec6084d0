package io.logcast.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicPatternsTest {
  @Test
  void starAloneMatchesEverything() {
    TopicPatterns p = new TopicPatterns(List.of("*"));
    assertThat(p.allows("orders")).isTrue();
    assertThat(p.allows("a.b-c_d")).isTrue();
  }

  @Test
  void prefixPatternNeedsTheLiteralDot() {
    TopicPatterns p = new TopicPatterns(List.of("chat.*"));
    assertThat(p.allows("chat.room")).isTrue();
    assertThat(p.allows("chat.")).isTrue();
    assertThat(p.allows("chatroom")).isFalse();
    assertThat(p.allows("xchat.room")).isFalse();
  }

  @Test
  void plainNameMatchesOnlyItself() {
    TopicPatterns p = new TopicPatterns(List.of("orders"));
    assertThat(p.allows("orders")).isTrue();
    assertThat(p.allows("orders2")).isFalse();
    assertThat(p.allows("my-orders")).isFalse();
  }

  @Test
  void regexMetacharactersAreLiteral() {
    assertThat(new TopicPatterns(List.of("a.b")).allows("axb")).isFalse();
    assertThat(new TopicPatterns(List.of("a.b")).allows("a.b")).isTrue();
    assertThat(new TopicPatterns(List.of("a+b")).allows("aab")).isFalse();
    assertThat(new TopicPatterns(List.of("a+b")).allows("a+b")).isTrue();
  }

  @Test
  void starsInTheMiddleAndSeveralPatterns() {
    TopicPatterns p = new TopicPatterns(List.of("logs.*.v1", "orders"));
    assertThat(p.allows("logs.app.v1")).isTrue();
    assertThat(p.allows("logs.app.v2")).isFalse();
    assertThat(p.allows("orders")).isTrue();
    assertThat(new TopicPatterns(List.of()).allows("orders")).isFalse();
  }

  @Test
  void validity() {
    assertThat(TopicPatterns.isValid("chat.*")).isTrue();
    assertThat(TopicPatterns.isValid("a-b_c.9")).isTrue();
    assertThat(TopicPatterns.isValid("a b")).isFalse();
    assertThat(TopicPatterns.isValid("a/b")).isFalse();
    assertThat(TopicPatterns.isValid("")).isFalse();
  }
}
