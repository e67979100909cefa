package io.aimengine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShutdownHooksTest {
  @Test
  void aHookIsPendingFromAddUntilRemove() {
    assertThat(ShutdownHooks.none()).isTrue();
    Thread hook = new Thread(() -> {}, "test-hook");
    ShutdownHooks.add(hook);
    try {
      assertThat(ShutdownHooks.none()).isFalse();
    } finally {
      assertThat(ShutdownHooks.remove(hook)).isTrue();
    }
    assertThat(ShutdownHooks.none()).isTrue();
    // The JVM has forgotten it too: removing it again is refused as for an unknown hook.
    assertThat(Runtime.getRuntime().removeShutdownHook(hook)).isFalse();
  }

  @Test
  void aHookTheJvmRefusesIsNotPending() throws InterruptedException {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Thread running =
        new Thread(
            () -> {
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "test-running");
    running.start();
    try {
      assertThatThrownBy(() -> ShutdownHooks.add(running)) // as Runtime.addShutdownHook
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(ShutdownHooks.none()).isTrue();
    } finally {
      release.countDown();
      running.join();
    }
  }
}
