package io.aimengine.core.hardware;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a tool as a child process: resolves the program on the given PATH (plus extra directories
 * such as {@code /opt/rocm/bin}), starts it with the given environment and stdin closed, reads
 * stdout and stderr on their own threads (so a chatty tool cannot dead-lock on a full pipe), and on
 * timeout kills the process and every descendant it started. Thread-safe and stateless.
 */
public final class ProcessCommandRunner implements CommandRunner {
  /** More output than any GPU tool prints for a large node; the rest is dropped. */
  static final int MAX_OUTPUT_BYTES = 8 * 1024 * 1024;

  /** How long to wait for the pipes to drain after the process has ended or been killed. */
  private static final Duration DRAIN = Duration.ofMillis(500);

  private final Map<String, String> environment;
  private final List<Path> searchPath;
  private final String searched;

  /**
   * @param environment the child's whole environment
   * @param path the PATH directories, searched first
   * @param extraDirs searched after PATH (e.g. {@code /opt/rocm/bin}, where ROCm installs its tools
   *     without always putting them on PATH)
   */
  public ProcessCommandRunner(
      Map<String, String> environment, List<Path> path, List<Path> extraDirs) {
    this.environment = Map.copyOf(environment);
    List<Path> all = new ArrayList<>(path);
    all.addAll(extraDirs);
    this.searchPath = List.copyOf(all);
    List<String> names = new ArrayList<>(List.of("PATH"));
    extraDirs.forEach(d -> names.add(d.toString()));
    this.searched = String.join(", ", names);
  }

  @Override
  public boolean finds(String program) {
    return resolve(program).isPresent();
  }

  @Override
  public Result run(List<String> command, Duration timeout) {
    String program = command.get(0);
    Optional<Path> exe = resolve(program);
    if (exe.isEmpty()) {
      return new Result.NotFound(program, searched);
    }
    List<String> argv = new ArrayList<>(command);
    argv.set(0, exe.get().toString());
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.environment().clear();
    pb.environment().putAll(environment);
    long start = System.nanoTime();
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return new Result.StartFailed(program + ": " + e.getMessage());
    }
    try {
      p.getOutputStream().close();
    } catch (IOException ignored) {
      // stdin already closed by the child: nothing to do
    }
    Capture out = Capture.start(p.getInputStream());
    Capture err = Capture.start(p.getErrorStream());
    boolean exited;
    try {
      exited = p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      killTree(p);
      return new Result.TimedOut(Duration.ofNanos(System.nanoTime() - start), err.text());
    }
    if (!exited) {
      killTree(p);
      err.await(DRAIN);
      out.await(DRAIN);
      return new Result.TimedOut(timeout, err.text());
    }
    // A grandchild that kept the pipes open must not hold us: drain briefly, then move on.
    out.await(DRAIN);
    err.await(DRAIN);
    return new Result.Completed(
        p.exitValue(), out.text(), err.text(), Duration.ofNanos(System.nanoTime() - start));
  }

  private Optional<Path> resolve(String program) {
    if (program.contains("/")) {
      Path p = Path.of(program);
      return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    for (Path dir : searchPath) {
      Path p = dir.resolve(program);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Kills the process and everything it started; descendants first, so none is orphaned. */
  private static void killTree(Process p) {
    List<ProcessHandle> tree = p.descendants().toList();
    p.destroyForcibly();
    tree.forEach(ProcessHandle::destroyForcibly);
    try {
      p.waitFor(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reads one stream to the end on a virtual thread, keeping at most MAX_OUTPUT_BYTES. */
  private static final class Capture {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private final Thread thread;

    private Capture(InputStream in) {
      this.thread = Thread.ofVirtual().name("tool-output").unstarted(() -> drain(in));
    }

    static Capture start(InputStream in) {
      Capture c = new Capture(in);
      c.thread.start();
      return c;
    }

    private void drain(InputStream in) {
      byte[] chunk = new byte[16 * 1024];
      try (in) {
        for (int n; (n = in.read(chunk)) >= 0; ) {
          synchronized (buf) {
            int room = MAX_OUTPUT_BYTES - buf.size();
            if (room > 0) {
              buf.write(chunk, 0, Math.min(n, room));
            }
          }
        }
      } catch (IOException ignored) {
        // the pipe closed under us (process killed): keep what was read
      }
    }

    void await(Duration d) {
      try {
        thread.join(d);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    String text() {
      synchronized (buf) {
        return buf.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
