/**
 * {@link java.util.concurrent.Flow} (Reactive Streams) in and out of Sluice pipelines: a source
 * reading any {@code Flow.Publisher}, a {@code Flow.Subscriber} feeding a live pipeline, and a sink
 * whose records a {@code Flow.Publisher} hands to a subscriber at the pace it asks for. Start at
 * {@link io.sluice.flow.Flows}.
 */
module io.sluice.flow {
  requires transitive io.sluice.api;

  exports io.sluice.flow;
}
