package io.aimengine.runtime.endpoint;

import io.aimengine.core.AimException;
import io.aimengine.core.engine.EndpointName;
import io.aimengine.core.engine.EngineAdapter;
import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.engine.LaunchOptions;
import io.aimengine.core.engine.LaunchSpec;
import io.aimengine.core.plan.Plan;
import io.aimengine.runtime.health.Liveness;
import io.aimengine.runtime.health.LivenessPolicy;
import io.aimengine.runtime.health.Readiness;
import io.aimengine.runtime.health.StartupBudget;
import io.aimengine.runtime.process.ProcessRuntime;
import io.aimengine.runtime.store.Endpoint;
import io.aimengine.runtime.store.EndpointState;
import io.aimengine.runtime.store.EndpointStore;
import io.aimengine.runtime.store.Lease;
import io.aimengine.runtime.store.Reservation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The endpoint lifecycle on this host: launch (reserve → start → wait until it serves → record),
 * stop, and the reconciled view {@code list}/{@code status} read. Everything a failed launch
 * started is stopped again and its name, port and GPUs are released with the {@code failed} state.
 */
public final class Endpoints {
  /** Lines of the engine log quoted in a start-up failure. */
  public static final int LOG_TAIL = 20;

  /** How long an engine abandoned during start-up gets between SIGTERM and SIGKILL. */
  static final Duration ABANDON_GRACE = Duration.ofSeconds(5);

  private final EndpointStore store;
  private final Runtimes runtimes;
  private final Readiness readiness;
  private final Liveness liveness;
  private final EngineCommands commands;
  private final EngineEnvironment environment;

  public Endpoints(
      EndpointStore store,
      Runtimes runtimes,
      Readiness readiness,
      Liveness liveness,
      EngineCommands commands,
      EngineEnvironment environment) {
    this.environment = environment;
    this.store = store;
    this.runtimes = runtimes;
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
   * @param liveness liveness supervision once ready
   * @param runtime where the engine runs ("process", "container"; see {@link RuntimeChoice})
   */
  public record LaunchRequest(
      Plan plan,
      String planJson,
      LaunchOptions options,
      Duration timeout,
      ProcessRuntime.RestartPolicy restart,
      LivenessPolicy liveness,
      String runtime) {}

  /**
   * A ready endpoint.
   *
   * @param endpoint its row
   * @param spec what was started
   * @param started the process (the caller may wait on it in foreground mode)
   * @param result what readiness waiting measured
   */
  public record Launched(
      Endpoint endpoint, LaunchSpec spec, EngineRuntime.Running started, Readiness.Result result) {}

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
    return launch(r, () -> {}, progress);
  }

  /**
   * Launches and waits until the endpoint serves, running {@code prepare} (the weight pull) once
   * everything that can fail cheaply has been checked and held — engine executable, name, port,
   * GPUs — and before the engine starts. A failing {@code prepare} fails the launch like a failed
   * start: the reservation is released and nothing runs.
   */
  public Launched launch(LaunchRequest r, Runnable prepare, Consumer<String> progress) {
    return launch(r, prepare, progress, (phase, message) -> progress.accept(message));
  }

  /**
   * The start-up phases of a launch, in order. Each is recorded as a {@code phase} event (what
   * {@code status} shows of a starting endpoint) and reported to the launch's phase listener.
   */
  public enum Phase {
    /** Making sure the weights are in the model cache (pulling what is missing). */
    PULL,
    /** The engine runs and loads the model; the health path does not answer 200 yet. */
    LOAD,
    /** Healthy; waiting for the model list and a smoke completion. */
    WARM_UP;

    public String label() {
      return this == WARM_UP ? "warm-up" : name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Receives each start-up phase as it begins, with a one-line message. */
  public interface PhaseListener {
    void phase(Phase phase, String message);
  }

  /**
   * Like {@link #launch(LaunchRequest, Runnable, Consumer)}, reporting each {@link Phase} to {@code
   * phases} as it begins (the other progress lines still go to {@code progress}).
   */
  public Launched launch(
      LaunchRequest r, Runnable prepare, Consumer<String> progress, PhaseListener phases) {
    Plan plan = r.plan();
    EngineKind engine = plan.engine();
    LaunchOptions base = r.options().withEngineCommand(commands.prefix(engine));
    LaunchSpec draft = EngineAdapter.of(engine).launchSpec(plan, base);
    EngineRuntime runtime = runtimes.get(r.runtime());
    if (runtime == runtimes.process()) {
      commands.check(engine, draft.argv());
    }
    ProcessHandle self = ProcessHandle.current();
    long selfStart = runtimes.process().runtime().table().startTime(self.pid()).orElse(0);
    Endpoint e =
        store.reserve(
            new Reservation(
                r.options().name() != null ? r.options().name() : EndpointName.base(plan),
                r.options().name() != null,
                r.options().host(),
                draft.port(),
                r.options().port() > 0,
                new java.util.HashSet<>(plan.gpuIndices()),
                plan.migDevices(),
                plan.gpuModel(),
                plan.model(),
                draft.servedModelName(),
                plan.recipe().id(),
                r.planJson(),
                engine.label(),
                runtime.label(),
                draft.healthPath(),
                r.restart().label(),
                self.pid(),
                selfStart));
    String name = e.name();
    // Until the endpoint is ready, this process owns the start-up: when it ends early (SIGINT,
    // SIGTERM, SIGHUP) the hook stops what started and releases the reservation. SIGKILL cannot be
    // caught: there the monitor notices the launcher is gone, and reads of the store fail the row.
    AtomicReference<EngineRuntime.Running> running = new AtomicReference<>();
    Thread hook =
        Thread.ofPlatform()
            .name("aim-engine-abandon-" + name)
            .unstarted(() -> abandon(name, running.get()));
    io.aimengine.core.ShutdownHooks.add(hook);
    try {
      return startAndAwait(r, runtime, e, base, prepare, progress, phases, running);
    } finally {
      io.aimengine.core.ShutdownHooks.remove(hook); // false: the hook is running or has run
    }
  }

  private Launched startAndAwait(
      LaunchRequest r,
      EngineRuntime runtime,
      Endpoint e,
      LaunchOptions base,
      Runnable prepare,
      Consumer<String> progress,
      PhaseListener phases,
      AtomicReference<EngineRuntime.Running> running) {
    Plan plan = r.plan();
    EngineKind engine = plan.engine();
    String name = e.name();
    LaunchSpec spec =
        EngineAdapter.of(engine).launchSpec(plan, base.withPort(e.port()).withName(name));
    Path runDir = runtimes.process().runDir(name);
    EngineRuntime.Running started;
    PhaseListener phase =
        (p, message) -> {
          store.event(name, "phase", p.label() + ": " + message);
          phases.phase(p, message);
        };
    try {
      phase.phase(Phase.PULL, "making sure the weights of " + plan.servedModel() + " are cached");
      prepare.run();
      rotate(e.logPath());
      started =
          runtime.start(
              new EngineRuntime.Start(
                  name,
                  spec,
                  environment.of(spec),
                  e.logPath(),
                  runDir,
                  r.restart(),
                  e.url() + spec.healthPath(),
                  r.liveness(),
                  progress),
              run -> {
                running.set(run);
                if (run.containerId() != null) {
                  store.containerCreated(name, run.containerId());
                }
              });
    } catch (RuntimeException ex) {
      store.failed(name, firstLine(ex.getMessage()), null);
      throw ex;
    }
    try {
      store.started(name, started.pid(), started.startTime(), spec.argv());
      lease(runDir, name);
      if (store.get(name).map(x -> x.state() != EndpointState.STARTING).orElse(true)) {
        // `stop NAME` ran between the reservation and the start: honour it.
        started.stop(Duration.ofSeconds(10));
        throw AimException.unexpectedState(name + ": stopped while starting");
      }
      progress.accept(
          "started "
              + name
              + (started.containerId() != null
                  ? " (container " + shortId(started.containerId()) + ")"
                  : " (pid " + started.pid() + ")")
              + " on "
              + e.url()
              + e.bindNote()
              // An unsupervised container's output reaches the file only when it is removed.
              + (started.containerId() != null && started.pid() == 0
                  ? "; its output: aim-engine logs " + name
                  : "; log " + e.logPath()));
      Duration budget = r.timeout() != null ? r.timeout() : StartupBudget.forWeights(weights(plan));
      phase.phase(
          Phase.LOAD,
          "loading the model: waiting up to "
              + human(budget)
              + " for "
              + spec.healthPath()
              + " ...");
      Readiness.Result res =
          readiness.await(
              e.url(),
              spec.healthPath(),
              spec.readinessPath(),
              spec.servedModelName(),
              started::alive,
              budget,
              took ->
                  phase.phase(
                      Phase.WARM_UP,
                      "healthy after "
                          + String.format(java.util.Locale.ROOT, "%.1f s", took.toMillis() / 1000.0)
                          + "; checking "
                          + spec.readinessPath()
                          + " and a smoke completion"));
      if (res.outcome() == Readiness.Outcome.READY) {
        store.ready(
            name,
            "healthy after "
                + res.healthyAfter().toMillis()
                + " ms; smoke completion "
                + res.smokeTokens()
                + " tokens");
        // Ready: restarts may begin, and the endpoint no longer depends on this process.
        lease(runDir, name);
        started.supervise();
        return new Launched(store.get(name).orElseThrow(), spec, started, res);
      }
      throw startupFailure(name, e.logPath(), started, res.detail());
    } catch (RuntimeException ex) {
      Endpoint now = store.get(name).orElse(null);
      if (now != null && now.state() == EndpointState.STARTING) {
        // Interrupted or unexpected error: leave nothing behind.
        started.stop(Duration.ofSeconds(10));
        store.failed(name, firstLine(ex.getMessage()), exitOf(started));
      }
      throw ex;
    }
  }

  /**
   * The launching process is ending before the endpoint became ready: stop what started and fail
   * the row, which releases its name, port and GPUs. Runs in a shutdown hook.
   */
  private void abandon(String name, EngineRuntime.Running started) {
    try {
      Endpoint now = store.get(name).orElse(null);
      if (now == null || now.state() != EndpointState.STARTING) {
        return;
      }
      if (started != null) {
        started.stop(ABANDON_GRACE);
      }
      store.failed(
          name,
          "the launching aim-engine process was stopped during start-up; stopped the engine",
          started == null ? null : exitOf(started));
    } catch (RuntimeException ex) {
      // The JVM is going down; the monitor's launcher watch and reconcile-on-read remain.
    }
  }

  /** Records the row beside the engine's run files too (see {@link Lease}). */
  private void lease(Path runDir, String name) {
    Endpoint now = store.get(name).orElseThrow();
    try {
      Lease.write(runDir, now);
    } catch (java.io.IOException ex) {
      throw AimException.failure("cannot write " + runDir.resolve("lease.json") + ": " + ex);
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
      String name, Path log, EngineRuntime.Running started, String detail) {
    EndpointState now = store.get(name).map(Endpoint::state).orElse(EndpointState.FAILED);
    if (now == EndpointState.STOPPING || now == EndpointState.STOPPED) {
      return AimException.unexpectedState(name + ": stopped (aim-engine stop) while starting");
    }
    boolean exited = !started.alive();
    Integer code = exited ? exitOf(started) : null;
    started.stop(Duration.ofSeconds(10));
    if (code == null && exited) {
      code = exitOf(started);
    }
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

  private static Integer exitOf(EngineRuntime.Running started) {
    return started.exitCode(Duration.ofSeconds(2));
  }

  private static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }

  /**
   * Foreground mode: waits until the engine's process group ends (by itself, by {@link #stop}, or
   * after the restart policy gave up) and records the outcome. Returns the engine's exit code.
   */
  public int awaitExit(Launched l) {
    int code;
    try {
      code = l.started().awaitExit();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 130;
    }
    String name = l.endpoint().name();
    Endpoint now = store.get(name).orElseThrow();
    if (now.state() == EndpointState.READY || now.state() == EndpointState.UNHEALTHY) {
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
   * @throws AimException (not found, exit 3) for an unknown name
   */
  public Stopped stop(String name, Duration grace) {
    Endpoint e = require(name);
    if (!e.state().active()) {
      return new Stopped(e, false, false, Duration.ZERO);
    }
    store.stopping(name);
    EngineRuntime.Stopped r = runtimes.get(e.runtime()).stop(e, grace);
    store.stopped(
        name,
        r.exitCode(),
        r.killed() ? "SIGKILL after " + grace.toSeconds() + " s grace" : "SIGTERM");
    return new Stopped(store.get(name).orElseThrow(), r.wasRunning(), r.killed(), r.took());
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
                AimException.notFound(
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
      // A container's engine is inside it (its monitor's child is the attach script).
      enginePid =
          e.containerId() == null
              ? ProcessRuntime.enginePid(runtimes.process().runDir(name)).orElse(null)
              : null;
    }
    return new Status(e, h, m, enginePid, store.events(name));
  }

  /** Outcome of {@link #remove}: the row as it was, whether it was stopped first, files freed. */
  public record Removed(Endpoint endpoint, boolean stopped, List<Path> files) {}

  /**
   * Removes an endpoint's record: its row, history and log files ({@code NAME.log}, {@code
   * NAME.log.1}), as {@code docker rm} removes a container. An active endpoint is refused unless
   * {@code force}, which stops it first (SIGTERM, SIGKILL after {@code grace}).
   *
   * @throws AimException not found (exit 3) for an unknown name; unexpected state (exit 3) for an
   *     active endpoint without {@code force}
   */
  public Removed remove(String name, boolean force, Duration grace) {
    Endpoint e = require(name);
    boolean stopped = false;
    if (e.state().active()) {
      if (!force) {
        throw AimException.unexpectedState(
            name
                + " is "
                + e.state().label()
                + "; stop it first (aim-engine stop "
                + name
                + ") or remove it with --force");
      }
      stop(name, grace);
      stopped = true;
    }
    Endpoint removed =
        store
            .remove(name)
            .orElseThrow(
                () ->
                    AimException.unexpectedState(
                        name + " was launched again while being removed; nothing was removed"));
    return new Removed(removed, stopped, deleteLogs(removed));
  }

  /**
   * Removes every ended endpoint (stopped, failed, exited) as {@link #remove} does, as {@code
   * docker container prune} does; active ones are never touched.
   *
   * @return what was removed, newest first
   */
  public List<Removed> prune() {
    List<Removed> out = new ArrayList<>();
    for (Endpoint e : list()) {
      if (!e.state().active()) {
        store.remove(e.name()).ifPresent(r -> out.add(new Removed(r, false, deleteLogs(r))));
      }
    }
    return out;
  }

  private static List<Path> deleteLogs(Endpoint e) {
    List<Path> deleted = new ArrayList<>();
    for (Path p :
        List.of(e.logPath(), e.logPath().resolveSibling(e.logPath().getFileName() + ".1"))) {
      try {
        if (java.nio.file.Files.deleteIfExists(p)) {
          deleted.add(p);
        }
      } catch (java.io.IOException ex) {
        throw AimException.failure(
            "removed " + e.name() + " but not its log " + p + ": " + ex.getMessage());
      }
    }
    return deleted;
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
