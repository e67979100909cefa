package io.aimengine.runtime.endpoint;

import io.aimengine.core.AimException;
import io.aimengine.runtime.store.Endpoint;
import io.aimengine.runtime.store.Reality;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The runtimes of this host by label, and the {@link Reality} the store reconciles with: each row
 * is asked of the runtime that started it. The container runtime is made on first use (it opens a
 * socket), so process-only hosts never touch Docker.
 */
public final class Runtimes implements Reality {
  private final ProcessEngines process;
  private final Map<String, Supplier<EngineRuntime>> others = new LinkedHashMap<>();
  private final Map<String, EngineRuntime> made = new LinkedHashMap<>();

  public Runtimes(ProcessEngines process) {
    this.process = process;
  }

  /** Adds a runtime made lazily on first use. */
  public Runtimes with(String label, Supplier<EngineRuntime> runtime) {
    others.put(label, runtime);
    return this;
  }

  public ProcessEngines process() {
    return process;
  }

  /**
   * The runtime of a label.
   *
   * @throws AimException (unexpected state) naming the label when this build has none
   */
  public synchronized EngineRuntime get(String label) {
    if (label == null || label.equals(process.label())) {
      return process;
    }
    EngineRuntime r = made.get(label);
    if (r == null) {
      Supplier<EngineRuntime> s = others.get(label);
      if (s == null) {
        throw AimException.unexpectedState("no '" + label + "' runtime on this host");
      }
      r = s.get();
      made.put(label, r);
    }
    return r;
  }

  private EngineRuntime of(Endpoint e) {
    return get(e.runtime());
  }

  @Override
  public boolean alive(Endpoint e) {
    return of(e).alive(e);
  }

  @Override
  public void release(Endpoint e) {
    of(e).release(e);
  }

  @Override
  public boolean abandon(Endpoint e) {
    return of(e).abandon(e);
  }

  /**
   * Rows rebuilt from the leases in the run directories, of every runtime: each is kept while the
   * runtime that started it finds it alive. When the container engine does not answer, a container
   * row is kept while its monitor runs.
   */
  @Override
  public List<Endpoint> leases() {
    return process.allLeases().stream().filter(this::leaseAlive).toList();
  }

  @Override
  public List<Endpoint> leases(Predicate<Endpoint> unknown) {
    return process.allLeases().stream().filter(unknown).filter(this::leaseAlive).toList();
  }

  private boolean leaseAlive(Endpoint e) {
    try {
      return of(e).alive(e);
    } catch (AimException unavailable) {
      return process.alive(e);
    }
  }

  @Override
  public boolean launcherAlive(Endpoint e) {
    return process.launcherAlive(e);
  }

  @Override
  public OptionalInt exitCode(Endpoint e) {
    return of(e).exitCode(e);
  }

  @Override
  public List<String> monitorEvents(Endpoint e) {
    return of(e).monitorEvents(e);
  }

  @Override
  public boolean portFree(String host, int port) {
    return process.portFree(host, port);
  }
}
