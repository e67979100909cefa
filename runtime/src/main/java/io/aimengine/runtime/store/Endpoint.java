package io.aimengine.runtime.store;

import io.aimengine.core.engine.BindAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One row of the endpoint store: what was launched, where, and what became of it.
 *
 * @param name unique endpoint name
 * @param model the model the user asked for
 * @param servedModel the name clients send in requests
 * @param recipeId the chosen recipe
 * @param planJson the plan, as JSON, for {@code status}
 * @param engine engine label ("vllm", "llamacpp")
 * @param runtime runtime label ("process", "container")
 * @param state current state
 * @param host bind address
 * @param port HTTP port
 * @param gpus device indices held (empty on CPU)
 * @param gpuModel GPU model name, "CPU" for CPU endpoints
 * @param pid process-group leader pid, 0 before the process started
 * @param pidStart the leader's start time (clock ticks since boot on Linux), so a recycled pid is
 *     never mistaken for ours
 * @param launcherPid the CLI process that made the row (detects a launch that died half-way)
 * @param launcherStart its start time
 * @param exitCode the engine's exit status when known, else null
 * @param logPath engine stdout/stderr
 * @param argv the engine command line
 * @param healthPath the engine's liveness path
 * @param restartPolicy "no" or "on-failure"
 * @param restarts restarts so far
 * @param createdAt when the launch began
 * @param updatedAt last change
 * @param readyAt when it became ready, null before
 * @param endedAt when it reached a terminal state, null before
 * @param lastError the last error, one line, null when none
 * @param containerId the container's id for runtime "container", null otherwise
 * @param gpuSlices the NVIDIA MIG instances ({@code MIG-…} ids) it holds on {@code gpus}; empty
 *     when it holds whole GPUs
 */
public record Endpoint(
    String name,
    String model,
    String servedModel,
    String recipeId,
    String planJson,
    String engine,
    String runtime,
    EndpointState state,
    String host,
    int port,
    List<Integer> gpus,
    String gpuModel,
    long pid,
    long pidStart,
    long launcherPid,
    long launcherStart,
    Integer exitCode,
    Path logPath,
    List<String> argv,
    String healthPath,
    String restartPolicy,
    int restarts,
    Instant createdAt,
    Instant updatedAt,
    Instant readyAt,
    Instant endedAt,
    String lastError,
    String containerId,
    List<String> gpuSlices) {

  public Endpoint {
    gpus = List.copyOf(gpus);
    argv = List.copyOf(argv);
    gpuSlices = gpuSlices == null ? List.of() : List.copyOf(gpuSlices);
  }

  /** The base URL clients use: the bind address, or loopback when bound to every interface. */
  public String url() {
    return BindAddress.url(host, port);
  }

  /** {@link #url()}'s caveat: "; listening on all interfaces (...)" for a wildcard bind, or "". */
  public String bindNote() {
    return BindAddress.note(host, port);
  }
}
