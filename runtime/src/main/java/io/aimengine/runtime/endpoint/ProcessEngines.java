package io.aimengine.runtime.endpoint;

import io.aimengine.runtime.process.ProcessRuntime;
import io.aimengine.runtime.store.Endpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Engines as local process groups ({@link ProcessRuntime} under its POSIX-sh monitor), behind the
 * {@link EngineRuntime} seam; reality from /proc and the monitor's files ({@link ProcessReality}).
 */
public final class ProcessEngines implements EngineRuntime {
  private final ProcessRuntime runtime;
  private final ProcessReality reality;

  public ProcessEngines(ProcessRuntime runtime, ProcessReality reality) {
    this.runtime = runtime;
    this.reality = reality;
  }

  public ProcessRuntime runtime() {
    return runtime;
  }

  Path runDir(String name) {
    return reality.runDir(name);
  }

  @Override
  public String label() {
    return "process";
  }

  @Override
  public Running start(Start s, Consumer<Running> recorded) {
    ProcessRuntime.Started started =
        runtime.start(
            new ProcessRuntime.StartRequest(
                s.spec().argv(),
                s.env(),
                s.spec().unsetEnv(),
                s.log(),
                s.runDir(),
                s.restart(),
                runtime.self(),
                s.probeUrl(),
                s.liveness()));
    Running r = new Proc(started);
    recorded.accept(r);
    return r;
  }

  private final class Proc implements Running {
    private final ProcessRuntime.Started started;

    Proc(ProcessRuntime.Started started) {
      this.started = started;
    }

    @Override
    public long pid() {
      return started.pid();
    }

    @Override
    public long startTime() {
      return started.startTime();
    }

    @Override
    public String containerId() {
      return null;
    }

    @Override
    public boolean alive() {
      return started.process().isAlive();
    }

    @Override
    public Integer exitCode(Duration wait) {
      try {
        if (started.process().waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
          return started.process().exitValue();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      OptionalInt c = ProcessRuntime.recordedExit(started.runDir());
      return c.isPresent() ? c.getAsInt() : null;
    }

    @Override
    public void supervise() {
      // Ready: restarts may begin, and the engine no longer depends on the launcher.
      ProcessRuntime.arm(started.runDir());
    }

    @Override
    public int awaitExit() throws InterruptedException {
      return started.process().waitFor();
    }

    @Override
    public void stop(Duration grace) {
      runtime.stop(started.pid(), started.startTime(), grace);
    }
  }

  @Override
  public Stopped stop(Endpoint e, Duration grace) {
    ProcessRuntime.StopResult r =
        e.pid() > 0
            ? runtime.stop(e.pid(), e.pidStart(), grace)
            : new ProcessRuntime.StopResult(false, false, Duration.ZERO);
    OptionalInt code = awaitRecordedExit(runDir(e.name()), r.wasRunning());
    return new Stopped(
        r.wasRunning(), r.killed(), r.took(), code.isPresent() ? code.getAsInt() : null);
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

  @Override
  public boolean alive(Endpoint e) {
    return reality.alive(e);
  }

  @Override
  public void release(Endpoint e) {
    reality.release(e);
  }

  @Override
  public boolean abandon(Endpoint e) {
    return reality.abandon(e);
  }

  @Override
  public List<Endpoint> leases() {
    return reality.leases();
  }

  /** Every lease in the run directories, alive or not, whatever runtime wrote it. */
  List<Endpoint> allLeases() {
    return reality.allLeases();
  }

  @Override
  public boolean launcherAlive(Endpoint e) {
    return reality.launcherAlive(e);
  }

  @Override
  public OptionalInt exitCode(Endpoint e) {
    return reality.exitCode(e);
  }

  @Override
  public List<String> monitorEvents(Endpoint e) {
    return reality.monitorEvents(e);
  }

  @Override
  public boolean portFree(String host, int port) {
    return reality.portFree(host, port);
  }
}
