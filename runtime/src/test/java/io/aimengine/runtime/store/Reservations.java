package io.aimengine.runtime.store;

import java.util.List;
import java.util.Set;

/** Reservation builders for store tests. */
final class Reservations {
  private Reservations() {}

  static Reservation of(String name, Set<Integer> gpus, int port) {
    return of(name, false, gpus, port, false, 1);
  }

  static Reservation of(
      String name,
      boolean nameExplicit,
      Set<Integer> gpus,
      int port,
      boolean portExplicit,
      long launcher) {
    return of(name, nameExplicit, gpus, List.of(), port, portExplicit, launcher);
  }

  /** On NVIDIA MIG instances: {@code gpus} are their parents' indices. */
  static Reservation onSlices(String name, Set<Integer> gpus, List<String> slices, int port) {
    return of(name, false, gpus, slices, port, false, 1);
  }

  private static Reservation of(
      String name,
      boolean nameExplicit,
      Set<Integer> gpus,
      List<String> slices,
      int port,
      boolean portExplicit,
      long launcher) {
    return new Reservation(
        name,
        nameExplicit,
        "127.0.0.1",
        port,
        portExplicit,
        gpus,
        slices,
        gpus.isEmpty() ? "CPU" : slices.isEmpty() ? "MI300X" : "A100",
        "Qwen/Qwen3-8B",
        "Qwen/Qwen3-8B",
        "general/vllm-mi300x-fp16-tp1-latency",
        "{}",
        "vllm",
        "process",
        "/health",
        "no",
        launcher,
        1000);
  }
}
