package io.sluice.runtime;

import io.sluice.api.Emitter;
import io.sluice.api.Sink;
import io.sluice.api.Stage;
import io.sluice.api.StageContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Stages and sinks that misbehave as a {@link FaultPlan.Stage} says. */
final class FaultyStages {
  private FaultyStages() {}

  static Stage<Integer, Integer> stage(FaultPlan.Stage plan) {
    return plan.batchCalls() ? new BatchStage(plan) : new RecordStage(plan);
  }

  static Sink<Integer> sink(FaultPlan.Stage plan, List<Integer> written) {
    return plan.batchCalls() ? new BatchSink(plan, written) : new RecordSink(plan, written);
  }

  /** The fault itself, shared by every shape; one instance per stage, used on its thread. */
  static final class Fault {
    private final FaultPlan.Stage plan;
    private int calls;

    Fault(FaultPlan.Stage plan) {
      this.plan = plan;
    }

    void open() {
      if (plan.fault().kind() == FaultPlan.Fault.Kind.OPEN) {
        throw new IllegalStateException("injected: cannot open");
      }
    }

    void close() {
      if (plan.fault().kind() == FaultPlan.Fault.Kind.CLOSE) {
        throw new IllegalStateException("injected: cannot close");
      }
    }

    /** Called once per call of the stage, with the records of the call. */
    void strike(List<Integer> records) {
      calls++;
      FaultPlan.Fault fault = plan.fault();
      switch (fault.kind()) {
        case TRANSIENT -> {
          if (calls == fault.call()) {
            throw new IllegalStateException("injected: call " + calls + " fails once");
          }
        }
        case POISON -> {
          for (Integer record : records) {
            if (fault.poison().contains(record)) {
              throw new IllegalArgumentException("injected: poison " + record);
            }
          }
        }
        case SLOW -> {
          for (int i = 0; i < 2_000 * records.size(); i++) {
            Thread.onSpinWait();
          }
        }
        default -> { }
      }
    }
  }

  /** Drops what its plan drops, passes the rest; writes per record. */
  static final class RecordStage implements Stage<Integer, Integer> {
    final FaultPlan.Stage plan;
    final Fault fault;

    RecordStage(FaultPlan.Stage plan) {
      this.plan = plan;
      this.fault = new Fault(plan);
    }

    @Override
    public void open(StageContext context) {
      fault.open();
    }

    @Override
    public void process(Integer record, Emitter<Integer> out) {
      fault.strike(List.of(record));
      if (plan.keeps(record)) {
        out.emit(record);
      }
    }

    @Override
    public void close() {
      fault.close();
    }
  }

  /** Like RecordStage, with its own processBatch that emits what it keeps and then may throw. */
  static final class BatchStage implements Stage<Integer, Integer> {
    final RecordStage perRecord;

    BatchStage(FaultPlan.Stage plan) {
      this.perRecord = new RecordStage(plan);
    }

    @Override
    public void open(StageContext context) {
      perRecord.open(context);
    }

    @Override
    public void process(Integer record, Emitter<Integer> out) {
      perRecord.process(record, out);
    }

    @Override
    public void processBatch(List<Integer> batch, Emitter<Integer> out) {
      for (Integer record : batch) {
        if (perRecord.plan.keeps(record)) {
          out.emit(record); // emitted before the fault strikes: the runtime must drop it
        }
      }
      perRecord.fault.strike(batch);
    }

    @Override
    public void close() {
      perRecord.close();
    }
  }

  /** Writes per record. */
  static final class RecordSink implements Sink<Integer> {
    final Fault fault;
    final List<Integer> written;

    RecordSink(FaultPlan.Stage plan, List<Integer> written) {
      this.fault = new Fault(plan);
      this.written = written;
    }

    @Override
    public void open(StageContext context) {
      fault.open();
    }

    @Override
    public void write(Integer record) {
      fault.strike(List.of(record));
      written.add(record);
    }

    @Override
    public void close() {
      fault.close();
    }
  }

  /** Writes batches all or nothing, like a transaction. */
  static final class BatchSink implements Sink<Integer> {
    final RecordSink perRecord;

    BatchSink(FaultPlan.Stage plan, List<Integer> written) {
      this.perRecord = new RecordSink(plan, written);
    }

    @Override
    public void open(StageContext context) {
      perRecord.open(context);
    }

    @Override
    public void write(Integer record) {
      perRecord.write(record);
    }

    @Override
    public void writeBatch(List<Integer> batch) {
      perRecord.fault.strike(batch);
      perRecord.written.addAll(batch);
    }

    @Override
    public void close() {
      perRecord.close();
    }
  }

  static List<Integer> newWritten() {
    return Collections.synchronizedList(new ArrayList<>());
  }
}
