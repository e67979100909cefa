package io.aimengine.runtime.endpoint;

import io.aimengine.core.engine.BindAddress;
import io.aimengine.runtime.process.ProcessRuntime;
import io.aimengine.runtime.store.Endpoint;
import io.aimengine.runtime.store.Lease;
import io.aimengine.runtime.store.Reality;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/** Reality as the process runtime sees it: /proc, the monitor's files, a bind test for ports. */
public final class ProcessReality implements Reality {
  private final ProcessRuntime runtime;
  private final Path runRoot;

  public ProcessReality(ProcessRuntime runtime, Path runRoot) {
    this.runtime = runtime;
    this.runRoot = runRoot;
  }

  Path runDir(String name) {
    return runRoot.resolve(name);
  }

  @Override
  public boolean alive(Endpoint e) {
    return runtime.running(e.pid(), e.pidStart(), runDir(e.name()));
  }

  @Override
  public void release(Endpoint e) {
    runtime.reap(e.pid());
  }

  @Override
  public boolean abandon(Endpoint e) {
    // Only a group we can still prove is ours (leader or recorded engine alive) is signalled. An
    // engine started but not yet recorded needs nothing here: its monitor watches the launcher.
    if (alive(e)) {
      runtime.stop(e.pid(), e.pidStart(), Duration.ofSeconds(5));
      runtime.reap(e.pid());
      return true;
    }
    return false;
  }

  @Override
  public boolean launcherAlive(Endpoint e) {
    return runtime.table().alive(e.launcherPid(), e.launcherStart());
  }

  @Override
  public OptionalInt exitCode(Endpoint e) {
    return ProcessRuntime.recordedExit(runDir(e.name()));
  }

  @Override
  public List<String> monitorEvents(Endpoint e) {
    return ProcessRuntime.monitorEvents(runDir(e.name()));
  }

  /** The leases of live process endpoints. */
  @Override
  public List<Endpoint> leases() {
    return allLeases().stream()
        .filter(e -> e.runtime() == null || e.runtime().equals("process"))
        .filter(this::alive)
        .toList();
  }

  /** Every lease in the run directories, alive or not. */
  List<Endpoint> allLeases() {
    List<Endpoint> out = new java.util.ArrayList<>();
    if (!java.nio.file.Files.isDirectory(runRoot)) {
      return out;
    }
    try (var dirs = java.nio.file.Files.newDirectoryStream(runRoot)) {
      for (Path d : dirs) {
        Lease.read(d)
            .map(Lease::toEndpoint)
            .filter(e -> e.name().equals(d.getFileName().toString()))
            .ifPresent(out::add);
      }
    } catch (IOException e) {
      // an unreadable run directory: the database is all we know
    }
    return out;
  }

  @Override
  public boolean portFree(String host, int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      InetAddress addr =
          host == null || BindAddress.isWildcard(host) ? null : InetAddress.getByName(host);
      s.bind(addr == null ? new InetSocketAddress(port) : new InetSocketAddress(addr, port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
