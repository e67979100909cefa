package io.aimengine.runtime.store;

import java.util.List;
import java.util.Set;

/**
 * What a launch asks the store to hold before anything starts: a name, a port, GPUs. The store
 * grants it atomically (one transaction across processes) or refuses with a clear error.
 *
 * @param baseName the name wanted
 * @param nameExplicit true for {@code --name}: no suffixing, a clash is an error
 * @param host bind address (port checks bind on it)
 * @param port preferred port
 * @param portExplicit true for {@code --port}: that port or an error
 * @param gpus device indices to hold
 * @param gpuSlices the NVIDIA MIG instances ({@code MIG-…} ids) to hold on those GPUs; empty for
 *     whole GPUs. Two endpoints may hold different MIG instances of one GPU
 * @param gpuModel GPU model name or "CPU"
 * @param model requested model
 * @param servedModel the name clients send
 * @param recipeId chosen recipe
 * @param planJson the plan as JSON
 * @param engine engine label
 * @param runtime runtime label
 * @param healthPath engine liveness path
 * @param restartPolicy "no" or "on-failure"
 * @param launcherPid the CLI's pid
 * @param launcherStart the CLI's start time
 */
public record Reservation(
    String baseName,
    boolean nameExplicit,
    String host,
    int port,
    boolean portExplicit,
    Set<Integer> gpus,
    List<String> gpuSlices,
    String gpuModel,
    String model,
    String servedModel,
    String recipeId,
    String planJson,
    String engine,
    String runtime,
    String healthPath,
    String restartPolicy,
    long launcherPid,
    long launcherStart) {

  public Reservation {
    gpus = Set.copyOf(gpus);
    gpuSlices = gpuSlices == null ? List.of() : List.copyOf(gpuSlices);
  }

  List<Integer> sortedGpus() {
    return gpus.stream().sorted().toList();
  }
}
