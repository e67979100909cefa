package io.aimengine.runtime.endpoint;

import io.aimengine.core.engine.LaunchSpec;
import io.aimengine.runtime.health.LivenessPolicy;
import io.aimengine.runtime.process.ProcessRuntime;
import io.aimengine.runtime.store.Endpoint;
import io.aimengine.runtime.store.Reality;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Where engines run: the seam between the one lifecycle ({@link Endpoints}: reserve → start →
 * readiness → record → supervise → stop) and a kind of running thing (a process group, a
 * container). An implementation knows how to start, stop (signal, grace, kill, remove) and look at
 * its kind; it never touches the store's states. It is also the {@link Reality} the store
 * reconciles that kind's rows with. Implementations are thread-safe.
 */
public interface EngineRuntime extends Reality {
  /** The label stored with each endpoint ("process", "container"). */
  String label();

  /**
   * Starts an engine and returns once it runs. Calls {@code recorded} with what identifies it
   * (before it runs, where the runtime has an id earlier than a pid) so a launcher that dies
   * half-way leaves a row the store can reconcile.
   *
   * @throws io.aimengine.core.AimException one line when it cannot start; nothing is left behind
   */
  Running start(Start start, Consumer<Running> recorded);

  /**
   * Stops an endpoint's engine: a graceful stop, a kill after {@code grace}, then whatever the
   * runtime keeps (a container) is removed once its log is saved. Idempotent.
   */
  Stopped stop(Endpoint e, Duration grace);

  /**
   * A start.
   *
   * @param name endpoint name
   * @param spec the launch (argv for a process, {@link LaunchSpec#container()} for a container)
   * @param env the whole environment of a process engine (explicit, see {@link EngineEnvironment});
   *     a container gets {@link LaunchSpec#container()}'s instead
   * @param log where the engine's output is kept
   * @param runDir the endpoint's run directory
   * @param restart restart policy once ready
   * @param probeUrl what liveness probes GET once ready
   * @param liveness liveness supervision once ready ({@link LivenessPolicy#OFF} for none)
   * @param progress one-line progress messages (pulling an image)
   */
  record Start(
      String name,
      LaunchSpec spec,
      java.util.Map<String, String> env,
      Path log,
      Path runDir,
      ProcessRuntime.RestartPolicy restart,
      String probeUrl,
      LivenessPolicy liveness,
      Consumer<String> progress) {}

  /** Outcome of {@link #stop}: whether it ran, whether it had to be killed, its exit code. */
  record Stopped(boolean wasRunning, boolean killed, Duration took, Integer exitCode) {}

  /** A started engine as the launching CLI holds it. */
  interface Running {
    /** Host pid of the engine's leader (monitor or container init), 0 when not known yet. */
    long pid();

    /** The leader's start time (clock ticks since boot), 0 when not tracked. */
    long startTime();

    /** The container id, null for a process. */
    String containerId();

    boolean alive();

    /** The exit code once it ended, waiting up to {@code wait}; null when unknown. */
    Integer exitCode(Duration wait);

    /** Once ready: hand the engine to the restart policy. */
    void supervise();

    /** Blocks until the engine ends for good; its exit code. */
    int awaitExit() throws InterruptedException;

    /** Stops it after a failed start: grace, kill, remove. */
    void stop(Duration grace);
  }
}
