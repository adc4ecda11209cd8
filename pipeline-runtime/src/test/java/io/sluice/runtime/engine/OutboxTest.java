package io.sluice.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.lmax.disruptor.EventPoller;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When an eager outbox publishes a partly filled chunk: at once to a consumer that has at most the
 * outbox's last chunk left (it waits, or is about to, even if its poll has not returned yet), never
 * to one two chunks behind, so a stuck consumer's ring fills with full chunks. Driven on one thread,
 * the consumer's polls made by hand, so each case is exact.
 */
class OutboxTest {
  private static final int RING_SIZE = 1024;

  private final Ring ring = Ring.singleProducer(RING_SIZE);
  private final Outbox outbox = new Outbox(ring, new RunControl("p"), new EdgeCount(null), true);
  private final EventPoller<Chunk> consumer = ring.poller();

  @Test
  void aRecordIsPublishedWhileTheConsumerIsStillInsideThePollThatTookTheOneBefore() throws Exception {
    outbox.emit(0);
    List<Long> cursorAfterNextEmit = new ArrayList<>();

    consumer.poll((chunk, sequence, endOfBatch) -> {
      // the consumer has the record, but its sequence moves only when this poll returns
      outbox.emit(1);
      cursorAfterNextEmit.add(ring.buffer().getCursor());
      return true;
    });

    assertThat(cursorAfterNextEmit).containsExactly(1L);
    assertThat(outbox.hasPending()).isFalse();
  }

  @Test
  void aConsumerTwoChunksBehindGetsNoPartChunkUntilItCatchesUp() throws Exception {
    outbox.emit(0);
    outbox.emit(1); // the consumer has taken nothing yet: it may be about to, one chunk of slack
    outbox.emit(2);
    assertThat(ring.buffer().getCursor()).isEqualTo(1L);
    assertThat(outbox.hasPending()).as("record 2 held: the consumer has two chunks to take")
        .isTrue();

    List<Object> taken = new ArrayList<>();
    consumer.poll((chunk, sequence, endOfBatch) -> {
      taken.add(chunk.items[0]);
      return false; // takes one chunk: one left, the consumer will soon wait for the next
    });
    outbox.emit(3);

    assertThat(taken).containsExactly(0);
    assertThat(ring.buffer().getCursor()).isEqualTo(2L);
    assertThat(ring.buffer().get(2L).size).as("records 2 and 3 in one chunk").isEqualTo(2);
  }

  @Test
  void aStuckConsumersRingFillsWithFullChunks() {
    int slots = RING_SIZE / ring.chunkCapacity();
    // the first two records go out alone (the consumer might be waiting), then chunks fill
    int records = 2 + (slots - 2) * ring.chunkCapacity();
    for (int i = 0; i < records; i++) {
      outbox.emit(i);
    }

    assertThat(ring.buffer().getCursor()).isEqualTo(slots - 1L);
    assertThat(ring.hasRoom()).isFalse();
    assertThat(outbox.hasPending()).isFalse();
    long partChunks = 0;
    for (long sequence = 0; sequence < slots; sequence++) {
      partChunks += ring.buffer().get(sequence).size < ring.chunkCapacity() ? 1 : 0;
    }
    assertThat(partChunks).isEqualTo(2);
  }
}
