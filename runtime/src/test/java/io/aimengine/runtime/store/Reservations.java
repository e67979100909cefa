package io.aimengine.runtime.store;

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
    return new Reservation(
        name,
        nameExplicit,
        "127.0.0.1",
        port,
        portExplicit,
        gpus,
        gpus.isEmpty() ? "CPU" : "MI300X",
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
