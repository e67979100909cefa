package io.aimengine.runtime.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A scripted operating system: which pids live, what exit codes and events were recorded. */
final class FakeReality implements Reality {
  final Set<Long> alivePids = ConcurrentHashMap.newKeySet();
  final Set<Long> aliveLaunchers = ConcurrentHashMap.newKeySet();
  final Map<String, Integer> exitCodes = new ConcurrentHashMap<>();
  final Map<String, List<String>> events = new HashMap<>();
  final Set<Integer> busyPorts = new HashSet<>();

  @Override
  public boolean alive(Endpoint e) {
    return alivePids.contains(e.pid());
  }

  final Set<String> released = ConcurrentHashMap.newKeySet();

  @Override
  public void release(Endpoint e) {
    released.add(e.name());
  }

  final Set<String> abandoned = ConcurrentHashMap.newKeySet();

  /** Endpoints with something made but not yet recorded in their row (a created container). */
  final Set<String> unrecorded = ConcurrentHashMap.newKeySet();

  @Override
  public boolean abandon(Endpoint e) {
    abandoned.add(e.name());
    return alivePids.remove(e.pid()) | unrecorded.remove(e.name());
  }

  @Override
  public boolean launcherAlive(Endpoint e) {
    return aliveLaunchers.contains(e.launcherPid());
  }

  @Override
  public OptionalInt exitCode(Endpoint e) {
    Integer c = exitCodes.get(e.name());
    return c == null ? OptionalInt.empty() : OptionalInt.of(c);
  }

  @Override
  public synchronized List<String> monitorEvents(Endpoint e) {
    return new ArrayList<>(events.getOrDefault(e.name(), List.of()));
  }

  synchronized void event(String name, String line) {
    events.computeIfAbsent(name, k -> new ArrayList<>()).add(line);
  }

  final List<Endpoint> leases = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** The leases whose liveness was asked, by name. */
  final List<String> leasesAsked = new java.util.concurrent.CopyOnWriteArrayList<>();

  @Override
  public List<Endpoint> leases() {
    return leases(e -> true);
  }

  @Override
  public List<Endpoint> leases(java.util.function.Predicate<Endpoint> unknown) {
    return leases.stream()
        .filter(unknown)
        .filter(
            e -> {
              leasesAsked.add(e.name());
              return alive(e);
            })
        .toList();
  }

  @Override
  public synchronized boolean portFree(String host, int port) {
    return !busyPorts.contains(port);
  }
}
