package io.aimengine.runtime.endpoint;

import io.aimengine.core.AimException;
import io.aimengine.core.engine.EndpointName;
import io.aimengine.core.engine.EngineAdapter;
import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.engine.LaunchOptions;
import io.aimengine.core.engine.LaunchSpec;
import io.aimengine.core.plan.Plan;
import io.aimengine.runtime.health.Liveness;
import io.aimengine.runtime.health.Readiness;
import io.aimengine.runtime.health.StartupBudget;
import io.aimengine.runtime.process.ProcessRuntime;
import io.aimengine.runtime.store.Endpoint;
import io.aimengine.runtime.store.EndpointState;
import io.aimengine.runtime.store.EndpointStore;
import io.aimengine.runtime.store.Reservation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * The endpoint lifecycle on this host: launch (reserve → start → wait until it serves → record),
 * stop, and the reconciled view {@code list}/{@code status} read. Everything a failed launch
 * started is stopped again and its name, port and GPUs are released with the {@code failed} state.
 */
public final class Endpoints {
  /** Lines of the engine log quoted in a start-up failure. */
  public static final int LOG_TAIL = 20;

  private final EndpointStore store;
  private final ProcessRuntime runtime;
  private final ProcessReality reality;
  private final Readiness readiness;
  private final Liveness liveness;
  private final EngineCommands commands;

  public Endpoints(
      EndpointStore store,
      ProcessRuntime runtime,
      ProcessReality reality,
      Readiness readiness,
      Liveness liveness,
      EngineCommands commands) {
    this.store = store;
    this.runtime = runtime;
    this.reality = reality;
    this.readiness = readiness;
    this.liveness = liveness;
    this.commands = commands;
  }

  public EndpointStore store() {
    return store;
  }

  /**
   * A launch.
   *
   * @param plan the plan to apply
   * @param planJson the plan as JSON (kept for status)
   * @param options host, port (0 = recipe's / engine default / next free), name (null = from the
   *     plan), cache; the engine command is filled in here
   * @param timeout start-up budget, null for {@link StartupBudget#forWeights}
   * @param restart restart policy once ready
   */
  public record LaunchRequest(
      Plan plan,
      String planJson,
      LaunchOptions options,
      Duration timeout,
      ProcessRuntime.RestartPolicy restart) {}

  /**
   * A ready endpoint.
   *
   * @param endpoint its row
   * @param spec what was started
   * @param started the process (the caller may wait on it in foreground mode)
   * @param result what readiness waiting measured
   */
  public record Launched(
      Endpoint endpoint,
      LaunchSpec spec,
      ProcessRuntime.Started started,
      Readiness.Result result) {}

  /** The launch spec a plan would get here (engine command resolved), for display and checks. */
  public LaunchSpec spec(Plan plan, LaunchOptions options) {
    return EngineAdapter.of(plan.engine())
        .launchSpec(plan, options.withEngineCommand(commands.prefix(plan.engine())));
  }

  /**
   * Launches and waits until the endpoint serves.
   *
   * @param progress one-line progress messages
   * @throws AimException when it cannot start or does not become ready; the message carries the
   *     exit code and the last lines of the engine log
   */
  public Launched launch(LaunchRequest r, Consumer<String> progress) {
    Plan plan = r.plan();
    EngineKind engine = plan.engine();
    LaunchOptions base = r.options().withEngineCommand(commands.prefix(engine));
    LaunchSpec draft = EngineAdapter.of(engine).launchSpec(plan, base);
    commands.check(engine, draft.argv());
    ProcessHandle self = ProcessHandle.current();
    long selfStart = runtime.table().startTime(self.pid()).orElse(0);
    Endpoint e =
        store.reserve(
            new Reservation(
                r.options().name() != null ? r.options().name() : EndpointName.base(plan),
                r.options().name() != null,
                r.options().host(),
                draft.port(),
                r.options().port() > 0,
                new java.util.HashSet<>(plan.gpuIndices()),
                plan.gpuModel(),
                plan.model(),
                draft.servedModelName(),
                plan.recipe().id(),
                r.planJson(),
                engine.label(),
                "process",
                draft.healthPath(),
                r.restart().label(),
                self.pid(),
                selfStart));
    String name = e.name();
    LaunchSpec spec =
        EngineAdapter.of(engine).launchSpec(plan, base.withPort(e.port()).withName(name));
    Path runDir = reality.runDir(name);
    ProcessRuntime.Started started;
    try {
      rotate(e.logPath());
      started =
          runtime.start(
              new ProcessRuntime.StartRequest(
                  spec.argv(), spec.env(), spec.unsetEnv(), e.logPath(), runDir, r.restart()));
    } catch (RuntimeException ex) {
      store.failed(name, ex.getMessage(), null);
      throw ex;
    }
    try {
      store.started(name, started.pid(), started.startTime(), spec.argv());
      if (store.get(name).map(x -> x.state() != EndpointState.STARTING).orElse(true)) {
        // `stop NAME` ran between the reservation and the start: honour it.
        runtime.stop(started.pid(), started.startTime(), Duration.ofSeconds(10));
        throw AimException.unexpectedState(name + ": stopped while starting");
      }
      progress.accept(
          "started "
              + name
              + " (pid "
              + started.pid()
              + ") on "
              + e.url()
              + e.bindNote()
              + "; log "
              + e.logPath());
      Duration budget = r.timeout() != null ? r.timeout() : StartupBudget.forWeights(weights(plan));
      progress.accept("waiting up to " + human(budget) + " for " + spec.healthPath() + " ...");
      Readiness.Result res =
          readiness.await(
              e.url(),
              spec.healthPath(),
              spec.readinessPath(),
              spec.servedModelName(),
              () -> started.process().isAlive(),
              budget);
      if (res.outcome() == Readiness.Outcome.READY) {
        store.ready(
            name,
            "healthy after "
                + res.healthyAfter().toMillis()
                + " ms; smoke completion "
                + res.smokeTokens()
                + " tokens");
        if (r.restart().onFailure()) {
          ProcessRuntime.arm(runDir);
        }
        return new Launched(store.get(name).orElseThrow(), spec, started, res);
      }
      throw startupFailure(name, e.logPath(), started, res.detail());
    } catch (RuntimeException ex) {
      Endpoint now = store.get(name).orElse(null);
      if (now != null && now.state() == EndpointState.STARTING) {
        // Interrupted or unexpected error: leave nothing behind.
        runtime.stop(started.pid(), started.startTime(), Duration.ofSeconds(10));
        store.failed(name, firstLine(ex.getMessage()), exitOf(started));
      }
      throw ex;
    }
  }

  /** Keeps the previous run's log of a reused name as {@code NAME.log.1}. */
  private static void rotate(Path log) {
    try {
      if (java.nio.file.Files.exists(log)) {
        java.nio.file.Files.move(
            log,
            log.resolveSibling(log.getFileName() + ".1"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (java.io.IOException ex) {
      throw AimException.failure("cannot rotate " + log + ": " + ex.getMessage());
    }
  }

  /** Weight bytes of the whole model (all GPUs together), 0 when unknown. */
  static long weights(Plan plan) {
    if (plan.facts() != null && plan.facts().weightBytesAt(plan.precision()) > 0) {
      return plan.facts().weightBytesAt(plan.precision());
    }
    return plan.memory() == null
        ? 0
        : plan.memory().weightsPerGpu() * Math.max(1, plan.tensorParallelSize());
  }

  private AimException startupFailure(
      String name, Path log, ProcessRuntime.Started started, String detail) {
    EndpointState now = store.get(name).map(Endpoint::state).orElse(EndpointState.FAILED);
    if (now == EndpointState.STOPPING || now == EndpointState.STOPPED) {
      return AimException.unexpectedState(name + ": stopped (aim-engine stop) while starting");
    }
    boolean exited = !started.process().isAlive();
    runtime.stop(started.pid(), started.startTime(), Duration.ofSeconds(10));
    Integer code = exitOf(started);
    String summary =
        name
            + ": "
            + detail
            + (exited && code != null ? " (exit code " + code + ")" : "")
            + (exited ? "" : "; stopped it");
    store.failed(name, summary, code);
    List<String> tail = ProcessRuntime.tail(log, LOG_TAIL);
    StringBuilder msg = new StringBuilder(summary);
    if (!tail.isEmpty()) {
      msg.append("\nlast ").append(tail.size()).append(" lines of ").append(log).append(':');
      tail.forEach(l -> msg.append("\n  ").append(l));
    }
    return AimException.failure(msg.toString());
  }

  private static Integer exitOf(ProcessRuntime.Started started) {
    try {
      if (started.process().waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) {
        return started.process().exitValue();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    OptionalInt c = ProcessRuntime.recordedExit(started.runDir());
    return c.isPresent() ? c.getAsInt() : null;
  }

  /**
   * Foreground mode: waits until the engine's process group ends (by itself, by {@link #stop}, or
   * after the restart policy gave up) and records the outcome. Returns the engine's exit code.
   */
  public int awaitExit(Launched l) {
    int code;
    try {
      code = l.started().process().waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 130;
    }
    String name = l.endpoint().name();
    Endpoint now = store.get(name).orElseThrow();
    if (now.state() == EndpointState.READY) {
      store.exited(name, code, "the engine exited with code " + code);
    } else if (now.state() == EndpointState.STOPPING) {
      // stop() is recording it
      awaitNotStopping(name);
    }
    return code;
  }

  private void awaitNotStopping(String name) {
    for (int i = 0; i < 500; i++) {
      if (store.get(name).map(e -> e.state() != EndpointState.STOPPING).orElse(true)) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Outcome of {@link #stop}. */
  public record Stopped(Endpoint endpoint, boolean wasRunning, boolean killed, Duration took) {}

  /**
   * Stops an endpoint: SIGTERM to its process group, SIGKILL after {@code grace}. Idempotent: an
   * endpoint that already ended is reported as such.
   *
   * @throws AimException (invalid input, exit 2) for an unknown name
   */
  public Stopped stop(String name, Duration grace) {
    Endpoint e = require(name);
    if (!e.state().active()) {
      return new Stopped(e, false, false, Duration.ZERO);
    }
    store.stopping(name);
    ProcessRuntime.StopResult r =
        e.pid() > 0
            ? runtime.stop(e.pid(), e.pidStart(), grace)
            : new ProcessRuntime.StopResult(false, false, Duration.ZERO);
    OptionalInt code = awaitRecordedExit(reality.runDir(name), r.wasRunning());
    store.stopped(
        name,
        code.isPresent() ? code.getAsInt() : null,
        r.killed() ? "SIGKILL after " + grace.toSeconds() + " s grace" : "SIGTERM");
    return new Stopped(store.get(name).orElseThrow(), r.wasRunning(), r.killed(), r.took());
  }

  private static OptionalInt awaitRecordedExit(Path runDir, boolean wasRunning) {
    // The monitor writes its file just before it exits; after SIGKILL there is none.
    for (int i = 0; wasRunning && i < 25; i++) {
      OptionalInt c = ProcessRuntime.recordedExit(runDir);
      if (c.isPresent()) {
        return c;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return ProcessRuntime.recordedExit(runDir);
  }

  /** Every endpoint, reconciled, newest first. */
  public List<Endpoint> list() {
    return store.list();
  }

  /** One endpoint, reconciled. */
  public Endpoint require(String name) {
    return store
        .get(name)
        .orElseThrow(
            () ->
                AimException.invalid(
                    "no endpoint named '" + name + "'; 'aim-engine list' shows the known ones"));
  }

  /**
   * What {@code status} shows beyond the row.
   *
   * @param endpoint the row
   * @param health one live probe, null when the endpoint is not active
   * @param metrics highlight metrics the engine serves
   * @param enginePid the engine's current pid (the group leader is its monitor)
   * @param events the endpoint's history
   */
  public record Status(
      Endpoint endpoint,
      Liveness.Health health,
      Map<String, Double> metrics,
      Long enginePid,
      List<String> events) {}

  public Status status(String name) {
    Endpoint e = require(name);
    Liveness.Health h = null;
    Map<String, Double> m = Map.of();
    Long enginePid = null;
    if (e.state().active()) {
      String path = e.healthPath() == null ? "/health" : e.healthPath();
      h = liveness.health(e.url(), path);
      EngineKind kind = EngineKind.find(e.engine()).orElse(null);
      if (kind != null && h.status() > 0) {
        m = liveness.metrics(e.url(), EngineAdapter.of(kind).highlightMetrics());
      }
      enginePid = ProcessRuntime.enginePid(reality.runDir(name)).orElse(null);
    }
    return new Status(e, h, m, enginePid, store.events(name));
  }

  /** Names of the active endpoints, for {@code stop --all}. */
  public List<String> activeNames() {
    List<String> out = new ArrayList<>();
    for (Endpoint e : list()) {
      if (e.state().active()) {
        out.add(e.name());
      }
    }
    return out;
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    return s >= 120 ? (s / 60) + " min" : s + " s";
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "launch failed";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
