package io.aimengine.runtime.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.PullResponseItem;
import io.aimengine.core.AimException;
import io.aimengine.core.engine.ContainerSpec;
import io.aimengine.runtime.endpoint.EngineRuntime;
import io.aimengine.runtime.process.ProcessRuntime;
import io.aimengine.runtime.store.Endpoint;
import io.aimengine.runtime.store.Reality;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Engines in containers through the Docker Engine API (Docker or Podman, docker-java). Creates
 * exactly the {@link ContainerSpec} the plan printed, labelled as AIM Engine's. The engine's output
 * goes to the endpoint's log file under AIM_HOME while the container runs, as a process's does (its
 * monitor streams the container's log API into it), and stays with the container engine too ({@link
 * #logs}); stop = stop with the grace period (the engine kills after it), then remove. As the
 * store's {@link Reality} it asks the engine: a container removed or killed outside AIM Engine is
 * not alive, with its exit code.
 *
 * <p>Supervision is the process runtime's: each container gets the same endpoint monitor ({@code
 * aim-monitor.sh}) a process gets, whose engine command is {@code container-attach.sh} (start the
 * container, wait for it through the API, stop it on SIGTERM). So the launcher watch during
 * start-up, liveness probes, the restart policy with its back-off and circuit breaker, and the
 * monitor's events are one state machine for both runtimes; a restart starts the same container
 * again (same id, same published port). The row's pid is the monitor's. The attach script needs
 * {@code curl} on the host's PATH; without it a container runs unsupervised, {@code --restart
 * on-failure} is refused, and its output is copied to the log file only when the container is
 * removed. Thread-safe.
 */
public final class ContainerRuntime implements EngineRuntime {
  private static final String ATTACH = loadAttach();

  /** Seconds the attach script gives a container between SIGTERM and SIGKILL (liveness kill). */
  static final int ATTACH_GRACE_S = 10;

  private final ContainerEngine engine;
  private final DockerClient docker;
  private final ProcessRuntime processes;
  private final Reality host;
  private final Path runRoot;
  private final PullPolicy pull;
  private final Map<String, Integer> lastExit = new ConcurrentHashMap<>();
  private final Map<String, java.util.concurrent.FutureTask<Optional<InspectImageResponse>>>
      expected = new ConcurrentHashMap<>();

  /**
   * @param engine the API endpoint
   * @param processes runs each container's monitor
   * @param host what the host answers about monitors (alive, exit file, events), launchers and
   *     ports: the process runtime's reality
   * @param runRoot where endpoints' run directories are ({@code run/NAME})
   * @param pull when to pull images
   */
  public ContainerRuntime(
      ContainerEngine engine,
      ProcessRuntime processes,
      Reality host,
      Path runRoot,
      PullPolicy pull) {
    this.engine = engine;
    this.docker = engine.client();
    this.processes = processes;
    this.host = host;
    this.runRoot = runRoot;
    this.pull = pull;
  }

  public ContainerEngine engine() {
    return engine;
  }

  @Override
  public String label() {
    return "container";
  }

  @Override
  public Running start(Start s, Consumer<Running> recorded) {
    ContainerSpec c = s.spec().container();
    if (c.image() == null) {
      throw AimException.unexpectedState(
          s.spec().engine().label()
              + ": no pinned image for this engine and GPU vendor in the catalog; pass --image");
    }
    String path = s.env().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    boolean supervised = onPath(path, "curl");
    if (!supervised && s.restart().onFailure()) {
      throw AimException.invalid(
          "--restart on-failure with --runtime container needs curl on PATH (the container's"
              + " monitor waits on it through the API); install curl or use --restart no");
    }
    MountAccess.check(c, ensureImage(c.image(), s.progress()));
    String id;
    try {
      id = create(c);
    } catch (DockerException e) {
      throw AimException.failure(
          c.name() + ": the container engine refused to create it: " + firstLine(e.getMessage()));
    }
    // The monitor's attach script streams the engine's output into the log file; without one it
    // is saved there when the container is removed (stop, a failed start, reconcile).
    Box box = new Box(id, s.log());
    recorded.accept(box);
    try {
      docker.startContainerCmd(id).exec();
    } catch (DockerException e) {
      box.stop(Duration.ZERO);
      throw AimException.failure(
          c.name() + ": the container did not start: " + firstLine(e.getMessage()));
    }
    if (supervised) {
      try {
        box.monitor = monitor(s, id, path);
      } catch (RuntimeException e) {
        box.stop(Duration.ZERO);
        throw e;
      }
    }
    return box;
  }

  /**
   * Creates the container; a container of the same name left by an earlier crash of AIM Engine
   * (found by its label) is removed and the create tried once more. One API call when nothing is
   * left over.
   */
  private String create(ContainerSpec c) {
    try {
      return ContainerRequest.of(docker, c).exec().getId();
    } catch (com.github.dockerjava.api.exception.ConflictException e) {
      removeLeftover(c.name());
      return ContainerRequest.of(docker, c).exec().getId();
    }
  }

  /** Starts the endpoint's monitor with the attach script as its engine command. */
  private ProcessRuntime.Started monitor(Start s, String id, String path) {
    Path script = ProcessRuntime.installScript(runRoot, "aim-container-attach.sh", ATTACH);
    return processes.start(
        new ProcessRuntime.StartRequest(
            List.of(
                "sh",
                script.toString(),
                s.runDir().toString(),
                engine.host(),
                id,
                String.valueOf(ATTACH_GRACE_S),
                s.log().toString()),
            Map.of("PATH", path),
            List.of(),
            s.log(),
            s.runDir(),
            s.restart(),
            processes.self(),
            s.probeUrl(),
            s.liveness()));
  }

  private static boolean onPath(String path, String exe) {
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, exe))) {
        return true;
      }
    }
    return false;
  }

  /** The container as the launching CLI holds it. */
  private final class Box implements Running {
    private final String id;
    private final Path log;
    private volatile ProcessRuntime.Started monitor;
    private volatile long checkedAt;
    private volatile boolean running = true;

    Box(String id, Path log) {
      this.id = id;
      this.log = log;
    }

    @Override
    public long pid() {
      ProcessRuntime.Started m = monitor;
      return m == null ? 0 : m.pid();
    }

    @Override
    public long startTime() {
      ProcessRuntime.Started m = monitor;
      return m == null ? 0 : m.startTime();
    }

    @Override
    public String containerId() {
      return id;
    }

    /**
     * While the monitor runs (it ends as soon as the container does, until the endpoint is ready),
     * a local check that costs the container engine nothing; without a monitor the engine is asked
     * at most every 200 ms.
     */
    @Override
    public boolean alive() {
      ProcessRuntime.Started m = monitor;
      if (m != null) {
        return m.process().isAlive();
      }
      long now = System.nanoTime();
      if (running && now - checkedAt > 200_000_000L) {
        checkedAt = now;
        running = isRunning(id);
      }
      return running;
    }

    @Override
    public Integer exitCode(Duration wait) {
      long end = System.nanoTime() + wait.toNanos();
      do {
        Integer c = exitOf(id);
        if (c != null) {
          return c;
        }
        sleep(50);
      } while (System.nanoTime() < end);
      return lastExit.get(id);
    }

    @Override
    public void supervise() {
      // Ready: the monitor may restart it now, and stops watching the launcher.
      ProcessRuntime.Started m = monitor;
      if (m != null) {
        ProcessRuntime.arm(m.runDir());
      }
    }

    @Override
    public int awaitExit() throws InterruptedException {
      ProcessRuntime.Started m = monitor;
      if (m != null) {
        return m.process().waitFor();
      }
      while (true) {
        Integer c = exitOf(id);
        if (c != null) {
          return c;
        }
        Thread.sleep(500);
      }
    }

    @Override
    public void stop(Duration grace) {
      ProcessRuntime.Started m = monitor;
      if (m != null) {
        disarm(m.runDir());
      }
      ContainerRuntime.this.stopAndRemove(
          id, grace, log, m == null ? 0 : m.pid(), m == null ? 0 : m.startTime());
      if (m != null) {
        processes.stop(m.pid(), m.startTime(), MONITOR_GRACE);
      }
    }
  }

  /** How long a monitor gets to end once its container was stopped and removed. */
  private static final Duration MONITOR_GRACE = Duration.ofSeconds(5);

  /**
   * Stop: first the monitor is disarmed (a container stopped on purpose is not restarted), then the
   * container is stopped with the grace period and removed, then the monitor is ended.
   */
  @Override
  public Stopped stop(Endpoint e, Duration grace) {
    disarm(runRoot.resolve(e.name()));
    String id = e.containerId() != null ? e.containerId() : findByName(e.name());
    long t0 = System.nanoTime();
    boolean wasRunning = id != null && isRunning(id);
    Integer code =
        id == null
            ? null
            : stopAndRemove(
                id,
                grace,
                e.logPath(),
                monitored(e) ? e.pid() : 0,
                monitored(e) ? e.pidStart() : 0);
    boolean monitorRan = monitored(e) && processes.alive(e.pid(), e.pidStart());
    if (monitorRan) {
      processes.stop(e.pid(), e.pidStart(), MONITOR_GRACE);
    }
    if (id == null && !monitorRan) {
      return new Stopped(false, false, Duration.ZERO, null);
    }
    boolean killed = wasRunning && code != null && code == 137;
    return new Stopped(
        wasRunning || monitorRan, killed, Duration.ofNanos(System.nanoTime() - t0), code);
  }

  /**
   * Whether the row names a monitor: its pid with a start time (rows written before containers had
   * monitors hold the container's init pid without one, which must never be signalled as a group).
   */
  private static boolean monitored(Endpoint e) {
    return e.pid() > 0 && e.pidStart() > 0;
  }

  /** No more restarts: the monitor restarts only while {@code armed} exists. */
  private static void disarm(Path runDir) {
    try {
      Files.deleteIfExists(runDir.resolve("armed"));
    } catch (IOException e) {
      throw AimException.failure("cannot write " + runDir + ": " + e.getMessage());
    }
  }

  /**
   * Stop (engine: SIGTERM, SIGKILL after grace), let the monitor (pid and start time, 0 for none)
   * write the container's last lines into the log and end, save the log when no monitor streamed
   * it, remove. Returns the exit code.
   */
  private Integer stopAndRemove(
      String id, Duration grace, Path log, long monitorPid, long monitorStart) {
    try {
      docker.stopContainerCmd(id).withTimeout((int) Math.max(0, grace.toSeconds())).exec();
    } catch (NotFoundException | NotModifiedException e) {
      // gone or already stopped
    } catch (DockerException e) {
      try {
        docker.killContainerCmd(id).exec();
      } catch (DockerException ignored) {
        // it ended meanwhile
      }
    }
    Integer code = exitOf(id);
    boolean streamed =
        monitorPid > 0
            && (!processes.alive(monitorPid, monitorStart)
                || processes.awaitGroupGone(monitorPid, MONITOR_GRACE));
    if (!streamed || !hasContent(log)) {
      saveLog(id, log);
    }
    remove(id);
    return code != null ? code : lastExit.get(id);
  }

  private static boolean hasContent(Path log) {
    try {
      return log != null && Files.size(log) > 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** Copies the container's whole output to {@code log}, replacing the file atomically. */
  void saveLog(String id, Path log) {
    if (log == null) {
      return;
    }
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try {
      docker
          .logContainerCmd(id)
          .withStdOut(true)
          .withStdErr(true)
          .exec(
              new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame f) {
                  buf.writeBytes(f.getPayload());
                }
              })
          .awaitCompletion(30, TimeUnit.SECONDS);
    } catch (DockerException e) {
      return; // gone: keep what the file has
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (buf.size() == 0 && Files.exists(log)) {
      return;
    }
    try {
      Files.createDirectories(log.getParent());
      Path tmp = log.resolveSibling(log.getFileName() + ".saving");
      Files.write(tmp, buf.toByteArray());
      Files.move(tmp, log, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // the log is a convenience; the stop itself succeeded
    }
  }

  /**
   * Streams an endpoint's output from the API while its container exists.
   *
   * @return false when there is no container (the caller reads the saved log instead)
   */
  public boolean logs(Endpoint e, Integer tail, boolean follow, PrintWriter out)
      throws InterruptedException {
    String id = e.containerId();
    if (id == null || inspect(id).isEmpty()) {
      return false;
    }
    var cmd = docker.logContainerCmd(id).withStdOut(true).withStdErr(true);
    if (tail != null) {
      cmd = cmd.withTail(tail);
    }
    cmd.withFollowStream(follow)
        .exec(
            new ResultCallback.Adapter<Frame>() {
              @Override
              public void onNext(Frame f) {
                out.print(new String(f.getPayload(), StandardCharsets.UTF_8));
                out.flush();
              }
            })
        .awaitCompletion();
    return true;
  }

  /**
   * Starts looking {@code image} up on a background thread, for the {@link #start} that follows to
   * take instead of asking then: the launch names its image once the plan is made, and the look-up
   * (its first use of docker-java's JSON mapping of an image) overlaps with recording the
   * reservation. A daemon thread; the start that takes it waits for it.
   */
  public void expectImage(String image) {
    expected.computeIfAbsent(
        image,
        i -> {
          var f = new java.util.concurrent.FutureTask<>(() -> inspectImage(i));
          Thread t = new Thread(f, "aim-image-inspect");
          t.setDaemon(true);
          t.start();
          return f;
        });
  }

  /** The image as {@link #expectImage} found it (once), else as the engine answers now. */
  private Optional<InspectImageResponse> inspectExpected(String image) {
    var f = expected.remove(image);
    if (f == null) {
      return inspectImage(image);
    }
    return io.aimengine.core.Once.await(f, "interrupted while looking up " + image);
  }

  /** Makes sure the image is here (per the pull policy); returns its USER ("" for root). */
  private String ensureImage(String image, Consumer<String> progress) {
    var here = inspectExpected(image);
    if (here.isPresent() && pull != PullPolicy.ALWAYS) {
      return userOf(here.get());
    }
    if (here.isEmpty() && pull == PullPolicy.NEVER) {
      throw AimException.failure(
          "image " + image + " is not here and --pull never forbids pulling it");
    }
    progress.accept("pulling " + image + " ...");
    StringBuilder error = new StringBuilder();
    try {
      docker
          .pullImageCmd(image)
          .exec(
              new ResultCallback.Adapter<PullResponseItem>() {
                private String last;

                @Override
                public void onNext(PullResponseItem item) {
                  // Podman reports a failed pull as an item with an error and no status.
                  if (item.getErrorDetail() != null || item.getError() != null) {
                    error.append(
                        item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                            ? item.getErrorDetail().getMessage()
                            : item.getError());
                    return;
                  }
                  String status = item.getStatus();
                  if (status == null) {
                    return;
                  }
                  String line = item.getId() == null ? status : item.getId() + ": " + status;
                  if (!line.equals(last)) {
                    last = line;
                    progress.accept(line);
                  }
                }
              })
          .awaitCompletion();
    } catch (RuntimeException e) {
      error.append(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw AimException.failure("interrupted while pulling " + image);
    }
    if (!error.isEmpty()) {
      throw AimException.failure(
          "cannot pull "
              + image
              + " ("
              + firstLine(error.toString())
              + "); check that the registry is reachable, or build or load the image here");
    }
    return inspectImage(image)
        .map(ContainerRuntime::userOf)
        .orElseThrow(
            () ->
                AimException.failure("cannot pull " + image + ": the registry did not deliver it"));
  }

  private Optional<InspectImageResponse> inspectImage(String image) {
    try {
      return java.util.Optional.of(docker.inspectImageCmd(image).exec());
    } catch (NotFoundException e) {
      return java.util.Optional.empty();
    }
  }

  private static String userOf(InspectImageResponse i) {
    return i.getConfig() == null || i.getConfig().getUser() == null ? "" : i.getConfig().getUser();
  }

  /** Removes an AIM Engine container of this name left by an earlier crash. */
  private void removeLeftover(String name) {
    String id = findByName(name);
    if (id != null) {
      remove(id);
    }
  }

  private String findByName(String name) {
    List<Container> all =
        docker
            .listContainersCmd()
            .withShowAll(true)
            .withLabelFilter(Map.of(ContainerSpec.LABEL_ENDPOINT, name))
            .exec();
    return all.stream()
        .filter(c -> name.equals(c.getLabels().get(ContainerSpec.LABEL_ENDPOINT)))
        .map(Container::getId)
        .findFirst()
        .orElse(null);
  }

  private void remove(String id) {
    try {
      docker.removeContainerCmd(id).withForce(true).exec();
    } catch (NotFoundException ignored) {
      // already gone
    }
  }

  private java.util.Optional<InspectContainerResponse> inspect(String id) {
    try {
      return java.util.Optional.of(docker.inspectContainerCmd(id).exec());
    } catch (NotFoundException e) {
      return java.util.Optional.empty();
    }
  }

  private boolean isRunning(String id) {
    return inspect(id).map(r -> Boolean.TRUE.equals(r.getState().getRunning())).orElse(false);
  }

  /** The exit code of a container that ended, null while it runs or when it is gone. */
  private Integer exitOf(String id) {
    return inspect(id)
        .filter(r -> !Boolean.TRUE.equals(r.getState().getRunning()))
        .map(r -> r.getState().getExitCodeLong())
        .map(
            c -> {
              lastExit.put(id, c.intValue());
              return c.intValue();
            })
        .orElse(null);
  }

  // --- Reality: what the store reconciles container rows with ---

  /**
   * Alive while the container runs, or while its monitor does (between a crash and its restart the
   * container has exited but the endpoint is not over).
   */
  @Override
  public boolean alive(Endpoint e) {
    if (monitored(e) && host.alive(e)) {
      return true;
    }
    if (e.containerId() == null) {
      return false;
    }
    var r = inspect(e.containerId());
    if (r.isPresent() && !Boolean.TRUE.equals(r.get().getState().getRunning())) {
      Long c = r.get().getState().getExitCodeLong();
      if (c != null) {
        lastExit.put(e.containerId(), c.intValue());
      }
    }
    return r.map(x -> Boolean.TRUE.equals(x.getState().getRunning())).orElse(false);
  }

  @Override
  public void release(Endpoint e) {
    disarm(runRoot.resolve(e.name()));
    if (e.containerId() != null) {
      exitOf(e.containerId());
      // A monitor that ended has streamed the output into the log file already.
      if (!monitored(e) || !hasContent(e.logPath())) {
        saveLog(e.containerId(), e.logPath());
      }
      remove(e.containerId());
    }
    String stray = findByName(e.name());
    if (stray != null) {
      remove(stray);
    }
    if (monitored(e)) {
      host.release(e);
    }
  }

  @Override
  public boolean abandon(Endpoint e) {
    // The row may not name its container yet (created, then the launcher died): look by label.
    boolean found =
        (e.containerId() != null && inspect(e.containerId()).isPresent())
            || findByName(e.name()) != null;
    boolean monitor = monitored(e) && host.abandon(e);
    release(e);
    return found || monitor;
  }

  @Override
  public List<Endpoint> leases() {
    return List.of();
  }

  @Override
  public boolean launcherAlive(Endpoint e) {
    return host.launcherAlive(e);
  }

  /** The container's exit code as the engine reported it, else the one its monitor recorded. */
  @Override
  public OptionalInt exitCode(Endpoint e) {
    Integer c = e.containerId() == null ? null : lastExit.get(e.containerId());
    return c != null ? OptionalInt.of(c) : host.exitCode(e);
  }

  @Override
  public List<String> monitorEvents(Endpoint e) {
    return host.monitorEvents(e);
  }

  @Override
  public boolean portFree(String hostAddress, int port) {
    return host.portFree(hostAddress, port);
  }

  private static String loadAttach() {
    try (var in = ContainerRuntime.class.getResourceAsStream("container-attach.sh")) {
      if (in == null) {
        throw new IllegalStateException("container-attach.sh missing from the runtime jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    String t = s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }
}
