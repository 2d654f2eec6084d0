package io.logcast.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class AclPatternsTest {
  @Test
  void topicPatternCoversTheWholeTopicAndEachKey() {
    AclPatterns p = AclPatterns.parse(List.of("orders", "chat.*"));
    assertThat(p.allows("orders", null)).isTrue();
    assertThat(p.allows("orders", "order-42")).isTrue();
    assertThat(p.allows("orders.eu", null)).isFalse();
    assertThat(p.allows("chat.room", "k")).isTrue();
    assertThat(p.allows("chat.a.b", null)).isTrue();
    assertThat(p.allows("chat", null)).isFalse();
    assertThat(p.allows("my-orders", null)).isFalse();
  }

  @Test
  void keyPatternCoversMatchingKeysOnlyNeverTheWholeTopic() {
    AclPatterns p = AclPatterns.parse(List.of("orders/*", "chat/room-*", "users/u-1/inbox"));
    assertThat(p.allows("orders", "anything/with/slashes")).isTrue();
    assertThat(p.allows("orders", "")).isTrue();
    assertThat(p.allows("orders", null)).isFalse();
    assertThat(p.allows("chat", "room-9")).isTrue();
    assertThat(p.allows("chat", "lobby")).isFalse();
    // '/' separates topic from key once; the rest belongs to the key
    assertThat(p.allows("users", "u-1/inbox")).isTrue();
    assertThat(p.allows("users", "u-2/inbox")).isFalse();
  }

  @Test
  void starMatchesAnyRunWithinItsPart() {
    assertThat(AclPatterns.glob("*", "")).isTrue();
    assertThat(AclPatterns.glob("a*b*c", "abc")).isTrue();
    assertThat(AclPatterns.glob("a*b*c", "aXbYbZc")).isTrue();
    assertThat(AclPatterns.glob("a*b*c", "aXbYbZ")).isFalse();
    assertThat(AclPatterns.glob("*.public", "news.public")).isTrue();
    assertThat(AclPatterns.glob("*.public", "public")).isFalse();
    assertThat(AclPatterns.glob("room-?", "room-1")).isFalse(); // no '?' wildcard: literal
    assertThat(AclPatterns.parse(List.of("*")).allows("any.topic", null)).isTrue();
    assertThat(AclPatterns.parse(List.of("*")).allows("any.topic", "any key")).isTrue();
  }

  @Test
  void hostilePatternsStayCheap() {
    String pattern = "*a".repeat(500) + "b";
    String text = "a".repeat(1_000);
    long start = System.nanoTime();
    assertThat(AclPatterns.glob(pattern, text)).isFalse();
    assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
  }

  @Test
  void emptyAllowsNothingAndAllAllowsEverything() {
    assertThat(AclPatterns.NONE.allows("orders", null)).isFalse();
    assertThat(AclPatterns.ALL.allows("orders", "k")).isTrue();
  }

  @Test
  void invalidPatternsAreRefusedWithoutQuotingThem() {
    for (String bad : List.of("", "orders/", "bad topic", "a/b".repeat(1_000), "/key")) {
      assertThatThrownBy(() -> AclPatterns.parse(List.of("ok", bad))).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("pattern 1");
    }
    assertThatThrownBy(() -> AclPatterns.parse(Collections.nCopies(AclPatterns.MAX_PATTERNS + 1, "t")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
