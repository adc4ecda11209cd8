package io.sluice.connectors;

import io.sluice.api.Dispatch;
import java.time.Duration;
import java.util.stream.Stream;

/** The dispatch settings every connector test runs under: streaming, and batches of all kinds. */
public final class Dispatches {
  private Dispatches() {}

  public static Stream<Dispatch> all() {
    return Stream.of(Dispatch.perRecord(), Dispatch.batched(1), Dispatch.batched(3),
        Dispatch.batched(1000), Dispatch.batched(3, Duration.ofMillis(1)));
  }
}
