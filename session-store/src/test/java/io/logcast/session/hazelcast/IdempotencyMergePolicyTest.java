package io.logcast.session.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.spi.merge.MergingEntry;
import org.junit.jupiter.api.Test;

class IdempotencyMergePolicyTest {
  private static final String IN_FLIGHT = HazelcastIdempotencyStore.IN_FLIGHT;
  private final IdempotencyMergePolicy policy = new IdempotencyMergePolicy();

  /** Values stand for their own serialized form: the policy hands back one side's raw value. */
  private record Entry(String value) implements MergingEntry<Object, String> {
    @Override
    public Object getKey() {
      return "alice\0orders\0k1";
    }

    @Override
    public Object getRawKey() {
      return getKey();
    }

    @Override
    public String getDeserializedValue() {
      return value;
    }

    @Override
    public Object getRawValue() {
      return value;
    }
  }

  @Test
  void aFinishedResultBeatsAnInFlightReservationEitherWay() {
    assertThat(policy.merge(new Entry("[7]"), new Entry(IN_FLIGHT))).isEqualTo("[7]");
    assertThat(policy.merge(new Entry(IN_FLIGHT), new Entry("[7]"))).isEqualTo("[7]");
  }

  @Test
  void betweenTwoResultsTheLargerSidesStays() {
    assertThat(policy.merge(new Entry("[9]"), new Entry("[7]"))).isEqualTo("[7]");
    assertThat(policy.merge(new Entry(IN_FLIGHT), new Entry(IN_FLIGHT))).isEqualTo(IN_FLIGHT);
  }

  @Test
  void aKeyOnlyOneSideHasIsKept() {
    assertThat(policy.merge(new Entry("[9]"), null)).isEqualTo("[9]");
  }
}
