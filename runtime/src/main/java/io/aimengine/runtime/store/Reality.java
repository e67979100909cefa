package io.aimengine.runtime.store;

import java.util.List;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * What the store asks the operating system when it reconciles rows with reality. The process
 * runtime implements it; tests swap it.
 */
public interface Reality {
  /** True while the endpoint's monitor (leader pid + start time) or its engine is alive. */
  boolean alive(Endpoint e);

  /**
   * Ends whatever the endpoint left running after it was found dead (orphaned workers would hold
   * GPUs the store now reports free).
   */
  void release(Endpoint e);

  /**
   * Ends everything an endpoint started, alive or not (its launcher died during start-up: nobody
   * will finish it), including what was made but not yet recorded in the row (a container created
   * just before the launcher died). Idempotent.
   *
   * @return whether anything of the endpoint was found to end
   */
  boolean abandon(Endpoint e);

  /** True while the CLI process that created the row is alive. */
  boolean launcherAlive(Endpoint e);

  /** The exit status the engine's monitor recorded, if any. */
  OptionalInt exitCode(Endpoint e);

  /**
   * What the engine's monitor recorded, oldest first, one line each: {@code restart ...} for each
   * restart after a crash, {@code gave-up ...} when the circuit breaker opened.
   */
  List<String> monitorEvents(Endpoint e);

  /**
   * Endpoints the runtime finds alive from its own records ({@link Lease}s), whatever the database
   * says: after {@code state.db} was lost, these rows are rebuilt so nothing is handed out twice.
   */
  List<Endpoint> leases();

  /**
   * The alive leases among those {@code unknown} accepts, which is asked first: a lease the
   * database already accounts for then costs no look at its runtime (for a container, an API call,
   * and for the first one the client's start-up). The default asks {@link #leases()}.
   */
  default List<Endpoint> leases(Predicate<Endpoint> unknown) {
    return leases().stream().filter(unknown).toList();
  }

  /** Whether {@code port} can be bound on {@code host} right now. */
  boolean portFree(String host, int port);
}
