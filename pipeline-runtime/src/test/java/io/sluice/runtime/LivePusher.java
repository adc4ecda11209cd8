package io.sluice.runtime;

import io.sluice.api.LiveInput;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pushes 0, 1, 2, ... into a live input from its own thread until the input rejects a push (the
 * run was closed), counting what was accepted.
 */
final class LivePusher {
  final AtomicLong accepted = new AtomicLong();
  final AtomicBoolean rejected = new AtomicBoolean();
  private final Thread thread;

  LivePusher(LiveInput<Long> input) {
    thread = new Thread(() -> {
      try {
        for (long i = 0; ; i++) {
          input.push(i);
          accepted.set(i + 1);
        }
      } catch (IllegalStateException closed) {
        rejected.set(true);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    thread.start();
  }

  void join() throws InterruptedException {
    thread.join();
  }
}
