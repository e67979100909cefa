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
}
