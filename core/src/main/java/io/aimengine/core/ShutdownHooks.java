package io.aimengine.core;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JVM shutdown hooks AIM Engine registers (a launch abandoning what it started, a download
 * saving its resume state, tune stopping its configurations), registered through here so that the
 * CLI knows whether any is pending when it exits: with none, ending the JVM with {@link
 * Runtime#halt} skips nothing of ours, and skips {@link Runtime#exit}'s logging of the exit, whose
 * first use looks for logging providers on the class path (opening and indexing the 26,000-entry
 * jar: ~50 ms of a failing command). Thread-safe.
 */
public final class ShutdownHooks {
  private ShutdownHooks() {}

  private static final Set<Thread> PENDING = ConcurrentHashMap.newKeySet();

  /** Registers {@code hook} with the JVM ({@link Runtime#addShutdownHook}). */
  public static void add(Thread hook) {
    PENDING.add(hook);
    try {
      Runtime.getRuntime().addShutdownHook(hook);
    } catch (RuntimeException e) {
      PENDING.remove(hook);
      throw e;
    }
  }

  /**
   * Unregisters {@code hook}; false when the JVM is shutting down already (the hook runs or has
   * run), as {@link Runtime#removeShutdownHook} then refuses.
   */
  public static boolean remove(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
      PENDING.remove(hook);
      return true;
    } catch (IllegalStateException shuttingDown) {
      return false;
    }
  }

  /** True when no hook registered here is pending. */
  public static boolean none() {
    return PENDING.isEmpty();
  }
}
