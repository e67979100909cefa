package io.aimengine.core.engine;

import java.util.List;
import java.util.Map;

/**
 * Everything a runtime needs to start an engine for a plan, and to know when it serves.
 *
 * @param engine the engine
 * @param argv the exact command line
 * @param env variables to set on top of the inherited environment (recipe env, device visibility,
 *     cache); never secrets printed by {@code plan}
 * @param unsetEnv inherited variables to remove (a parent ROCR_VISIBLE_DEVICES would re-mask)
 * @param host bind address passed to the engine
 * @param port HTTP port
 * @param healthPath liveness path ("/health")
 * @param readinessPath path that proves the model is loaded and named ("/v1/models")
 * @param servedModelName the name clients send in the request's "model" field
 * @param container the equivalent container launch
 */
public record LaunchSpec(
    EngineKind engine,
    List<String> argv,
    Map<String, String> env,
    List<String> unsetEnv,
    String host,
    int port,
    String healthPath,
    String readinessPath,
    String servedModelName,
    ContainerSpec container) {

  public LaunchSpec {
    argv = List.copyOf(argv);
    env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
    unsetEnv = List.copyOf(unsetEnv);
  }

  /**
   * The container form of the same launch.
   *
   * @param image image reference
   * @param dockerRun the full {@code docker run ...} argv, for display and copy-paste
   * @param devices device nodes to pass (/dev/kfd, /dev/dri) — empty for NVIDIA (uses --gpus)
   * @param groups supplementary groups (video, render)
   * @param gpuRequest NVIDIA device request ("device=0,1"), null on AMD
   * @param volumes host path → container path[:ro]
   * @param shmSize shared memory size ("16g"), null when --ipc=host
   */
  public record ContainerSpec(
      String image,
      List<String> dockerRun,
      List<String> devices,
      List<String> groups,
      String gpuRequest,
      Map<String, String> volumes,
      String shmSize) {

    public ContainerSpec {
      dockerRun = List.copyOf(dockerRun);
      devices = List.copyOf(devices);
      groups = List.copyOf(groups);
      volumes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(volumes));
    }
  }
}
