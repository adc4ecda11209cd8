package io.sluice.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionOffsetsTest {

  @Property
  void theTextFormReadsBackAsTheSameOffsets(
      @ForAll @Size(max = 5) List<@AlphaChars @StringLength(min = 1, max = 8) String> topics,
      @ForAll @IntRange(max = 50) int partition, @ForAll @LongRange(max = Long.MAX_VALUE) long at) {
    Map<TopicPartition, Long> offsets = new java.util.HashMap<>();
    for (int i = 0; i < topics.size(); i++) {
      offsets.put(new TopicPartition(topics.get(i) + ".x-y_" + i, partition + i), at - i < 0
          ? 0 : at - i);
    }
    PartitionOffsets written = PartitionOffsets.of(offsets);

    assertThat(PartitionOffsets.parse(written.toText())).isEqualTo(written);
    assertThat(PartitionOffsets.parse(written.toText()).asMap()).isEqualTo(offsets);
  }

  @Test
  void theTextIsSortedByTopicAndPartition() {
    PartitionOffsets offsets = PartitionOffsets.of(Map.of(new TopicPartition("b", 0), 5L,
        new TopicPartition("a", 10), 7L, new TopicPartition("a", 2), 1L));

    assertThat(offsets.toText()).isEqualTo("a:2=1,a:10=7,b:0=5");
    assertThat(PartitionOffsets.parse("")).isEqualTo(PartitionOffsets.NONE);
  }

  @Test
  void aCommitHoldsOnlyTheOwnedPartitions() {
    PartitionOffsets offsets = PartitionOffsets.parse("a:0=3,a:1=4");

    assertThat(offsets.commitOf(List.of(new TopicPartition("a", 1), new TopicPartition("c", 0))))
        .isEqualTo(Map.of(new TopicPartition("a", 1), new OffsetAndMetadata(4)));
  }

  @Property
  void aMalformedPositionIsRefusedNamingIt(@ForAll("malformed") String text) {
    assertThatThrownBy(() -> PartitionOffsets.parse(text))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + text + "'");
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> malformed() {
    return net.jqwik.api.Arbitraries.of("a", "a:0", "a:0=", ":0=1", "a:=1", "a:x=1", "a:0=y",
        "a:-1=1", "a:0=-1", "a:0=1,", "a:0=1,a:0=2", "a:0=1;b:0=2");
  }

  @Test
  void negativeOffsetsAreRefused() {
    assertThatThrownBy(() -> PartitionOffsets.of(Map.of(new TopicPartition("t", 0), -1L)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("t-0");
  }
}
