package io.sluice.flink;

import io.sluice.api.StageFailedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.List;

/**
 * A {@link StageFailedException} on its way from a Flink task to the client. The exception keeps
 * its record and batch out of its serialized form (they need not be serializable), so they travel
 * here beside it: as themselves when they serialize, as their text otherwise; the same for the
 * cause.
 */
final class ShippedFailure implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String pipelineName;
  private final String stageName;
  private final Serializable record;
  private final Serializable batch;
  private final Throwable cause;

  private ShippedFailure(StageFailedException failure) {
    this.pipelineName = failure.pipelineName();
    this.stageName = failure.stageName();
    Object rec = failure.record().orElse(null);
    this.record = rec == null ? null : serializable(rec) ? (Serializable) rec : String.valueOf(rec);
    List<?> b = failure.batch().orElse(null);
    this.batch = b == null || !serializable(b) ? null : (Serializable) b;
    Throwable c = failure.getCause();
    this.cause = c == null || serializable(c) ? c : asText(c);
  }

  static ShippedFailure of(StageFailedException failure) {
    return failure == null ? null : new ShippedFailure(failure);
  }

  /** The failure as the client reports it. */
  StageFailedException toException() {
    return new StageFailedException(pipelineName, stageName, record, (List<?>) batch, cause);
  }

  private static RuntimeException asText(Throwable cause) {
    RuntimeException text = new RuntimeException(cause.toString() + " (shown as text: it does "
        + "not serialize)");
    text.setStackTrace(cause.getStackTrace());
    return text;
  }

  static boolean serializable(Object o) {
    try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
      out.writeObject(o);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
