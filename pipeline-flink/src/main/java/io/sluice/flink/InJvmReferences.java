package io.sluice.flink;

import io.sluice.api.DeadLetter;
import io.sluice.api.Sink;
import io.sluice.api.StageContext;
import io.sluice.api.StageFactory;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Hands nodes that cannot be serialized to a job running in this JVM (an embedded MiniCluster) by
 * reference: what travels is a key into a JVM-wide table, which the task looks up. Only for runs
 * that opt in ({@link FlinkRunner#withInJvmReferences()}); the keys of a run are dropped when it
 * ends. On a cluster in other JVMs the lookup fails, naming the node.
 */
final class InJvmReferences implements AutoCloseable {
  private static final ConcurrentMap<String, Object> HANDED = new ConcurrentHashMap<>();
  private final List<String> keys = new ArrayList<>();

  /** A factory that calls {@code factory} in this JVM. */
  StageFactory<Object> factory(String node, Supplier<?> factory) {
    return new Reference(put(factory), node);
  }

  /** A dead-letter sink that writes to {@code sink} in this JVM. */
  Sink<DeadLetter> deadLetterSink(String node, Sink<? super DeadLetter> sink) {
    return new SinkReference(new Reference(put(sink), node));
  }

  private synchronized String put(Object referenced) {
    String key = UUID.randomUUID().toString();
    HANDED.put(key, referenced);
    keys.add(key);
    return key;
  }

  @Override
  public synchronized void close() {
    keys.forEach(HANDED::remove);
    keys.clear();
  }

  /** A key into the table, and the node it is for (for the message if the key is missing). */
  private record Reference(String key, String node) implements StageFactory<Object> {
    Object referenced() {
      Object found = HANDED.get(key);
      if (found == null) {
        throw new IllegalStateException("stage '" + node + "' was handed to Flink by reference, "
            + "which works only on a cluster in the JVM that started the run, while it runs");
      }
      return found;
    }

    @Override
    public Object get() {
      return ((Supplier<?>) referenced()).get();
    }
  }

  /** Passes every call to the referenced sink. */
  private record SinkReference(Reference reference) implements Sink<DeadLetter>, Serializable {
    @SuppressWarnings("unchecked")
    private Sink<DeadLetter> sink() {
      return (Sink<DeadLetter>) reference.referenced();
    }

    @Override
    public void open(StageContext context) throws Exception {
      sink().open(context);
    }

    @Override
    public void write(DeadLetter record) throws Exception {
      sink().write(record);
    }

    @Override
    public void close() throws Exception {
      sink().close();
    }
  }
}
