package io.aimengine.core;

import static org.assertj.core.api.Assertions.assertThat;

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
  void aHookTheJvmRefusesIsNotPending() {
    Thread started = new Thread(() -> {}, "test-started");
    started.start();
    try {
      ShutdownHooks.add(started); // the JVM refuses a thread that was started
    } catch (IllegalArgumentException expected) {
      // as Runtime.addShutdownHook
    }
    assertThat(ShutdownHooks.none()).isTrue();
  }
}
