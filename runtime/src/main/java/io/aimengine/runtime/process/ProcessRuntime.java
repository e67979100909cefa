package io.aimengine.runtime.process;

import io.aimengine.core.AimException;
import io.aimengine.runtime.health.LivenessPolicy;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Runs engines as local processes. Each endpoint gets a new session and process group whose leader
 * is a small POSIX-sh monitor ({@code monitor.sh}); the engine is the monitor's child in that
 * group, so a signal to the group reaches the engine and everything it started (workers,
 * compilers). The monitor records the engine's exit status and applies the restart policy (see the
 * script).
 *
 * <p>Java cannot call {@code setsid(2)} itself; the session is made by {@code setsid} (util-linux)
 * when on PATH, else by {@code perl -e 'POSIX::setsid(); exec ...'}; with neither, launching fails
 * with a clear message rather than running the engine in the CLI's own group.
 *
 * <p>stdout and stderr go to the endpoint's log file (appended); stdin is /dev/null. Thread-safe.
 */
public final class ProcessRuntime {
  private static final String MONITOR = loadMonitor();
  private static final Duration POLL = Duration.ofMillis(20);

  private final Map<String, String> hostEnv;
  private final ProcessTable table;

  /**
   * @param hostEnv the CLI's environment: only its PATH is used, to find {@code setsid}/{@code
   *     perl}; engines never inherit it (see {@link StartRequest#env})
   * @param table process facts
   */
  public ProcessRuntime(Map<String, String> hostEnv, ProcessTable table) {
    this.hostEnv = Map.copyOf(hostEnv);
    this.table = table;
  }

  public ProcessTable table() {
    return table;
  }

  /** Restart behaviour after the endpoint was ready. */
  public record RestartPolicy(boolean onFailure, int maxRestarts, Duration window) {
    public static final RestartPolicy NONE = new RestartPolicy(false, 0, Duration.ofMinutes(5));

    public String label() {
      return onFailure ? "on-failure" : "no";
    }
  }

  /**
   * What to start.
   *
   * @param argv engine command line
   * @param env the engine's whole environment (nothing is inherited; see {@code
   *     endpoint.EngineEnvironment})
   * @param unsetEnv variables to remove from it
   * @param logFile where stdout/stderr go (appended)
   * @param runDir the endpoint's monitor directory (exit status, restart events)
   * @param restart restart policy
   * @param launcher the process that waits for the endpoint to become ready: until {@link #arm} the
   *     monitor abandons the start-up (stops the engine) as soon as it has ended, however it ended;
   *     {@link Launcher#NONE} turns the watch off
   * @param probeUrl the URL liveness probes GET once armed, null for none
   * @param liveness how often and how strictly to probe
   */
  public record StartRequest(
      List<String> argv,
      Map<String, String> env,
      List<String> unsetEnv,
      Path logFile,
      Path runDir,
      RestartPolicy restart,
      Launcher launcher,
      String probeUrl,
      LivenessPolicy liveness) {
    /** A start without liveness probes. */
    public StartRequest(
        List<String> argv,
        Map<String, String> env,
        List<String> unsetEnv,
        Path logFile,
        Path runDir,
        RestartPolicy restart,
        Launcher launcher) {
      this(argv, env, unsetEnv, logFile, runDir, restart, launcher, null, LivenessPolicy.OFF);
    }

    /** A start watched by the calling process. */
    public StartRequest(
        List<String> argv,
        Map<String, String> env,
        List<String> unsetEnv,
        Path logFile,
        Path runDir,
        RestartPolicy restart) {
      this(argv, env, unsetEnv, logFile, runDir, restart, null);
    }
  }

  /**
   * A process named for good by its pid and start time ({@link ProcessTable#startTime}).
   *
   * @param pid 0 for none
   * @param startTime its start time
   */
  public record Launcher(long pid, long startTime) {
    public static final Launcher NONE = new Launcher(0, 0);
  }

  /** This process, as the launcher of what it starts. */
  public Launcher self() {
    long pid = ProcessHandle.current().pid();
    return new Launcher(pid, table.startTime(pid).orElse(0));
  }

  /**
   * A started endpoint process.
   *
   * @param pid the group leader (monitor) pid, also the process group id
   * @param startTime its start time
   * @param process the child handle; exits with the engine's final status
   * @param runDir the monitor directory
   */
  public record Started(long pid, long startTime, Process process, Path runDir) {}

  /** Starts the engine in a new process group; returns once the leader exists. */
  public Started start(StartRequest r) {
    if (r.argv().isEmpty()) {
      throw AimException.invalid("empty engine command");
    }
    // AIM_HOME may be shared: never delete or write run files or logs through a planted link.
    for (Path p : List.of(r.runDir().getParent(), r.runDir(), r.logFile())) {
      if (Files.isSymbolicLink(p)) {
        throw AimException.unexpectedState(
            p + " is a symbolic link: refusing to delete or write files through it; remove it");
      }
    }
    List<String> cmd = new ArrayList<>(sessionLeader());
    cmd.addAll(
        List.of(
            "sh",
            monitorScript(r.runDir().getParent()).toString(),
            r.runDir().toString(),
            r.restart().label(),
            String.valueOf(r.restart().maxRestarts()),
            String.valueOf(Math.max(1, r.restart().window().toSeconds()))));
    Launcher launcher = r.launcher() != null ? r.launcher() : self();
    cmd.add(String.valueOf(launcher.pid()));
    cmd.add(String.valueOf(launcher.startTime()));
    boolean probe = r.probeUrl() != null && r.liveness() != null && r.liveness().enabled();
    cmd.add(probe ? r.probeUrl() : "-");
    cmd.add(probe ? String.valueOf(Math.max(1, r.liveness().period().toSeconds())) : "0");
    cmd.add(probe ? String.valueOf(r.liveness().failureThreshold()) : "1");
    cmd.add(probe ? String.valueOf(Math.max(1, r.liveness().timeout().toSeconds())) : "1");
    cmd.addAll(r.argv());
    try {
      Files.createDirectories(r.logFile().toAbsolutePath().getParent());
      clearRunDir(r.runDir());
    } catch (IOException e) {
      throw AimException.failure("cannot prepare " + r.runDir() + ": " + e.getMessage());
    }
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> env = pb.environment();
    env.clear();
    env.putAll(r.env());
    r.unsetEnv().forEach(env::remove);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(r.logFile().toFile()));
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw AimException.failure("cannot start " + r.argv().get(0) + ": " + e.getMessage());
    }
    awaitOwnGroup(p);
    long start = table.startTime(p.pid()).orElse(0);
    return new Started(p.pid(), start, p, r.runDir());
  }

  /**
   * Waits (up to 2 s) until the child has made its own process group, so that a stop right after
   * start signals the right group and never the CLI's.
   */
  private void awaitOwnGroup(Process p) {
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (p.isAlive() && System.nanoTime() < deadline) {
      OptionalLong g = table.processGroup(p.pid());
      if (g.isEmpty() || g.getAsLong() == p.pid()) {
        return;
      }
      Thread.onSpinWait();
    }
  }

  /**
   * The monitor script under the run root, (re)written when missing or different, so that {@code
   * ps} shows {@code sh .../aim-monitor.sh RUN_DIR ...} rather than the whole script.
   */
  private static Path monitorScript(Path runRoot) {
    return installScript(runRoot, "aim-monitor.sh", MONITOR);
  }

  /**
   * A script under the run root ({@code runRoot/fileName}), (re)written atomically when missing or
   * different; its path.
   */
  public static Path installScript(Path runRoot, String fileName, String text) {
    Path f = runRoot.resolve(fileName);
    try {
      Files.createDirectories(runRoot);
      if (!Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)
          || !Files.readString(f).equals(text)) {
        Path tmp = Files.createTempFile(runRoot, fileName, ".tmp");
        Files.writeString(tmp, text);
        Files.move(
            tmp,
            f,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
      return f;
    } catch (IOException e) {
      throw AimException.failure("cannot write " + f + ": " + e.getMessage());
    }
  }

  private static void clearRunDir(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (String f : List.of("exit", "exit.tmp", "events", "armed", "engine.pid", "liveness-kill")) {
      Files.deleteIfExists(dir.resolve(f));
    }
  }

  /**
   * The endpoint is ready: from now on crashes are restarted (when the policy says so), and the
   * monitor no longer watches the launcher (a detached endpoint outlives it).
   */
  public static void arm(Path runDir) {
    try {
      Files.writeString(runDir.resolve("armed"), "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The exit status the monitor recorded. */
  public static OptionalInt recordedExit(Path runDir) {
    try {
      return OptionalInt.of(Integer.parseInt(Files.readString(runDir.resolve("exit")).trim()));
    } catch (IOException | NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  /** The monitor's event lines. */
  public static List<String> monitorEvents(Path runDir) {
    try {
      return Files.readAllLines(runDir.resolve("events")).stream()
          .filter(l -> !l.isBlank())
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The current engine pid (changes on restart). */
  public static Optional<Long> enginePid(Path runDir) {
    try {
      return Optional.of(Long.parseLong(Files.readString(runDir.resolve("engine.pid")).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * True while the endpoint runs: its monitor (the leader, {@code pid} started at {@code
   * startTime}) is alive, or the engine it started still is (the monitor itself was killed).
   * Processes the engine left behind after it died do not count; {@link #reap} ends them.
   */
  public boolean running(long pid, long startTime, Path runDir) {
    if (pid <= 0) {
      return false;
    }
    if (table.alive(pid, startTime)) {
      return true;
    }
    return enginePid(runDir)
        .filter(e -> table.startTime(e).isPresent())
        .map(e -> table.processGroup(e).orElse(-1) == pid)
        .orElse(false);
  }

  /** SIGKILLs whatever is left in an ended endpoint's group (orphaned workers holding GPUs). */
  public void reap(long pgid) {
    if (pgid > 1 && !table.groupMembers(pgid).isEmpty()) {
      signalGroup(pgid, "KILL");
      awaitGroupGone(pgid, Duration.ofSeconds(2));
    }
  }

  /** True while the group led by {@code pid} (started at {@code startTime}) has a live member. */
  public boolean alive(long pid, long startTime) {
    if (pid <= 0) {
      return false;
    }
    // While any member lives the kernel does not reuse the group id, so members of group `pid`
    // are ours even after the leader died.
    return table.alive(pid, startTime) || !table.groupMembers(pid).isEmpty();
  }

  /** Outcome of a stop. */
  public record StopResult(boolean wasRunning, boolean killed, Duration took) {}

  /**
   * SIGTERM to the group, wait up to {@code grace} for every member to end, then SIGKILL. Does
   * nothing when the group is already gone (idempotent).
   */
  public StopResult stop(long pid, long startTime, Duration grace) {
    long t0 = System.nanoTime();
    if (!alive(pid, startTime)) {
      return new StopResult(false, false, Duration.ZERO);
    }
    signalGroup(pid, "TERM");
    if (awaitGroupGone(pid, grace)) {
      return new StopResult(true, false, Duration.ofNanos(System.nanoTime() - t0));
    }
    signalGroup(pid, "KILL");
    awaitGroupGone(pid, Duration.ofSeconds(5));
    return new StopResult(true, true, Duration.ofNanos(System.nanoTime() - t0));
  }

  /** Waits until no member of group {@code pgid} is alive; false on timeout. */
  public boolean awaitGroupGone(long pgid, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!table.groupMembers(pgid).isEmpty()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      sleep(POLL);
    }
    return true;
  }

  /** Sends {@code signal} ("TERM", "KILL", "INT") to every process of group {@code pgid}. */
  public void signalGroup(long pgid, String signal) {
    if (pgid <= 1) {
      throw new IllegalArgumentException("refusing to signal process group " + pgid);
    }
    try {
      Process k =
          new ProcessBuilder("kill", "-s", signal, "--", "-" + pgid)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      k.waitFor();
    } catch (IOException e) {
      throw AimException.failure("cannot run kill: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The last {@code n} lines of a log file (empty when missing). */
  public static List<String> tail(Path log, int n) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return lines.subList(Math.max(0, lines.size() - n), lines.size());
    } catch (IOException | UncheckedIOException e) {
      try {
        String text = new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1);
        List<String> lines = text.lines().toList();
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
      } catch (IOException e2) {
        return List.of();
      }
    }
  }

  private List<String> sessionLeader() {
    if (onPath("setsid")) {
      return List.of("setsid");
    }
    if (onPath("perl")) {
      return List.of("perl", "-MPOSIX", "-e", "POSIX::setsid(); exec @ARGV or die \"exec: $!\"");
    }
    throw AimException.unexpectedState(
        "starting an engine in its own process group needs 'setsid' (util-linux) or 'perl' on PATH");
  }

  private boolean onPath(String exe) {
    String path = hostEnv.getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, exe))) {
        return true;
      }
    }
    return false;
  }

  private static String loadMonitor() {
    try (InputStream in = ProcessRuntime.class.getResourceAsStream("monitor.sh")) {
      if (in == null) {
        throw new IllegalStateException("monitor.sh missing from the runtime jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
