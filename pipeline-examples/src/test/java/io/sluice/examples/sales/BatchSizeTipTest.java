package io.sluice.examples.sales;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The batch job says so when many rows meet a small batch size, and only then. */
class BatchSizeTipTest {

  private static BatchJob.Settings generated(long rows, int batchSize) {
    return new BatchJob.Settings(batchSize, rows, 7, null, false);
  }

  @Test
  void aMillionRowsAtTheDefaultBatchSizeGetATip() {
    assertThat(BatchJob.batchSizeTip(generated(1_000_000, 3))).hasValue("tip: --batch-size 3 "
        + "saves these 1,000,000 rows in up to 333,334 batches (an executeBatch and a commit "
        + "each); --batch-size 500 needs 2,000 and runs far faster ('compare' measures it)");
  }

  @Test
  void theTipNeedsManyRowsAndASmallBatchSize() {
    assertThat(BatchJob.batchSizeTip(generated(0, 3))).isEmpty();              // bundled file
    assertThat(BatchJob.batchSizeTip(generated(BatchJob.MANY_ROWS - 1, 3))).isEmpty();
    assertThat(BatchJob.batchSizeTip(generated(BatchJob.MANY_ROWS, 3))).isPresent();
    assertThat(BatchJob.batchSizeTip(generated(1_000_000, BatchJob.SUGGESTED_BATCH_SIZE - 1)))
        .isPresent();
    assertThat(BatchJob.batchSizeTip(generated(1_000_000, BatchJob.SUGGESTED_BATCH_SIZE)))
        .isEmpty();
  }
}
