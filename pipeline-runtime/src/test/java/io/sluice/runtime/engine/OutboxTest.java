package io.sluice.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.lmax.disruptor.EventPoller;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What an eager outbox holds back, and when a worker's hand-off between two records ({@link
 * Outbox#handOffBeforeNextCall}) lets it go: at once to a consumer that has at most the outbox's
 * last chunk left and no more records in it than in the held one (it waits, or is about to, even
 * if its poll has not returned yet), never to one two chunks behind, so a stuck consumer's ring
 * fills with full chunks. Driven on one thread, the consumer's polls made by hand, so each case is
 * exact.
 */
class OutboxTest {
  private static final int RING_SIZE = 1024;

  private final Ring ring = Ring.singleProducer(RING_SIZE);
  private final Outbox outbox = new Outbox(ring, new RunControl("p"), new EdgeCount(null), true);
  private final EventPoller<Chunk> consumer = ring.poller();

  /** What a worker does for each record of its input: the call emits, then the hand-off. */
  private void callEmitting(Object record) {
    outbox.emit(record);
    outbox.handOffBeforeNextCall();
  }

  @Test
  void aRecordLeavesBeforeTheNextCallWhileTheConsumerIsStillInThePollThatTookTheOneBefore()
      throws Exception {
    callEmitting(0);
    List<Long> cursorBeforeNextCall = new ArrayList<>();
    List<Boolean> heldByTheEmit = new ArrayList<>();

    consumer.poll((chunk, sequence, endOfBatch) -> {
      // the consumer has record 0, but its sequence moves only when this poll returns
      outbox.emit(1);
      heldByTheEmit.add(outbox.hasPending());
      outbox.handOffBeforeNextCall();
      cursorBeforeNextCall.add(ring.buffer().getCursor());
      return true;
    });

    assertThat(heldByTheEmit).as("the emit alone waits for a consumer that has taken everything")
        .containsExactly(true);
    assertThat(cursorBeforeNextCall).containsExactly(1L);
    assertThat(outbox.hasPending()).isFalse();
  }

  @Test
  void aConsumerTwoChunksBehindGetsNoPartChunkUntilItCatchesUp() throws Exception {
    callEmitting(0);
    callEmitting(1); // the consumer has taken nothing yet: it may be about to, one chunk of slack
    callEmitting(2);
    assertThat(ring.buffer().getCursor()).isEqualTo(1L);
    assertThat(outbox.hasPending()).as("record 2 held: the consumer has two chunks to take")
        .isTrue();

    List<Object> taken = new ArrayList<>();
    consumer.poll((chunk, sequence, endOfBatch) -> {
      taken.add(chunk.items[0]);
      return false; // takes one chunk: one left, the consumer will soon wait for the next
    });
    callEmitting(3);

    assertThat(taken).containsExactly(0);
    assertThat(ring.buffer().getCursor()).isEqualTo(2L);
    assertThat(ring.buffer().get(2L).size).as("records 2 and 3 in one chunk").isEqualTo(2);
  }

  @Test
  void aConsumerBusyWithALargerChunkGetsNoPartChunkUntilItIsDone() throws Exception {
    int chunk = ring.chunkCapacity();
    for (int i = 0; i < 2 + chunk; i++) {
      callEmitting(i); // two records alone, then a full chunk: the consumer took nothing yet
    }
    assertThat(ring.buffer().getCursor()).isEqualTo(2L);
    takeChunks(2);

    callEmitting(-1);
    assertThat(outbox.hasPending()).as("the consumer is on a full chunk: one record waits")
        .isTrue();
    takeChunks(1);
    callEmitting(-2);

    assertThat(ring.buffer().getCursor()).isEqualTo(3L);
    assertThat(ring.buffer().get(3L).size).isEqualTo(2);
  }

  private void takeChunks(int count) throws Exception {
    int[] left = {count};
    consumer.poll((chunk, sequence, endOfBatch) -> --left[0] > 0);
  }

  @Test
  void aStuckConsumersRingFillsWithFullChunks() {
    int slots = RING_SIZE / ring.chunkCapacity();
    // the first two records go out alone (the consumer might be waiting), then chunks fill
    int records = 2 + (slots - 2) * ring.chunkCapacity();
    for (int i = 0; i < records; i++) {
      callEmitting(i);
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
