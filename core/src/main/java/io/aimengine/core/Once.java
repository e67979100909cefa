package io.aimengine.core;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A value a command computes once, on the first thread that asks for it: a thread that prepares the
 * command ahead (GPU detection, the container engine's client, a ping) or the command's own thread,
 * which then waits for the answer in progress instead of computing it again.
 */
public final class Once {
  private Once() {}

  /**
   * Runs {@code task} here unless another thread ran it or is running it ({@link FutureTask#run}
   * runs it at most once), and returns its value. What it threw is rethrown as it was (a checked
   * exception wrapped in {@link IllegalStateException}); an interrupt while waiting is a failure
   * with the message {@code interrupted}.
   */
  public static <T> T await(FutureTask<T> task, String interrupted) {
    task.run();
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw AimException.failure(interrupted);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * Waits until {@code task} (null: none was started) has ended, whatever its outcome: what it
   * threw was reported by {@link #await} to the command that needed its value. For a command's end,
   * so that no work started ahead outlives it.
   */
  public static void awaitEnd(FutureTask<?> task) {
    if (task == null) {
      return;
    }
    try {
      task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      // reported where the value was asked for
    }
  }
}
