package io.aimengine.core.config;

import io.aimengine.core.AimException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The one place that reads environment variables. Every variable AIM Engine honours is read here
 * and documented with its default; the rest of the code receives a {@code Settings}. Immutable and
 * thread-safe. Tests build one from a map.
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>Variable</th><th>Default</th><th>Meaning</th></tr>
 *   <tr><td>AIM_HOME</td><td>~/.aim-engine</td><td>state database, endpoint logs</td></tr>
 *   <tr><td>AIM_CACHE_DIR</td><td>$AIM_HOME/cache</td><td>model cache root (Hugging Face hub
 *       layout)</td></tr>
 *   <tr><td>AIM_CATALOG_PATH</td><td>(none)</td><td>extra catalog roots (':'-separated), each
 *       with recipes/ and/or models/, searched before the built-in catalog</td></tr>
 *   <tr><td>AIM_GPU_MODEL, AIM_GPU_COUNT</td><td>(none)</td><td>hardware override, the names
 *       AMD's runtime uses</td></tr>
 *   <tr><td>HIP_VISIBLE_DEVICES, ROCR_VISIBLE_DEVICES, CUDA_VISIBLE_DEVICES</td><td>(none)</td>
 *       <td>visibility masks, applied as the engines apply them</td></tr>
 *   <tr><td>AIM_ENGINE_COMMAND_VLLM, AIM_ENGINE_COMMAND_SGLANG,
 *       AIM_ENGINE_COMMAND_LLAMACPP</td><td>(none)</td><td>the executable prefix that starts that
 *       engine, split on whitespace ("/opt/vllm-0.11/bin/vllm", "python3.12 -m
 *       sglang.launch_server", "/usr/local/bin/llama-server"), instead of the default ("vllm",
 *       "python3 -m sglang.launch_server", llama-server on PATH or AIM Engine's own server)</td></tr>
 *   <tr><td>AIM_LLAMA_SERVER_JAR</td><td>next to the CLI jar</td><td>AIM Engine's own
 *       llama.cpp server (aim-llama-server.jar), used for llamacpp when no llama-server is on
 *       PATH</td></tr>
 *   <tr><td>HF_HOME, HF_HUB_CACHE, HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE</td><td>see
 *       hf-hub docs</td><td>Hugging Face compatibility</td></tr>
 * </table>
 */
public final class Settings {
  private final Map<String, String> env;
  private final Path userHome;

  public Settings(Map<String, String> env, Path userHome) {
    this.env = Map.copyOf(env);
    this.userHome = userHome;
  }

  /** Settings of this process: its environment and {@code user.home}. */
  public static Settings fromSystem() {
    return new Settings(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /** A raw variable, empty when unset or blank. */
  public Optional<String> get(String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  /** A raw variable that is set, even to the empty string (masks distinguish unset from ""). */
  public Optional<String> getRaw(String name) {
    return Optional.ofNullable(env.get(name));
  }

  /** The whole environment, for handing on to child processes. */
  public Map<String, String> environment() {
    return env;
  }

  public Path userHome() {
    return userHome;
  }

  /** AIM_HOME, default {@code ~/.aim-engine}. */
  public Path aimHome() {
    return get("AIM_HOME").map(Path::of).orElse(userHome.resolve(".aim-engine"));
  }

  /** AIM_CACHE_DIR, default {@code $AIM_HOME/cache}. */
  public Path cacheDir() {
    return get("AIM_CACHE_DIR").map(Path::of).orElse(aimHome().resolve("cache"));
  }

  /** Extra catalog roots from AIM_CATALOG_PATH, in search order. */
  public List<Path> catalogPath() {
    List<Path> roots = new ArrayList<>();
    get("AIM_CATALOG_PATH")
        .ifPresent(
            p -> {
              for (String part : p.split(":")) {
                if (!part.isBlank()) {
                  roots.add(Path.of(part.trim()));
                }
              }
            });
    return roots;
  }

  /** Where endpoint logs go: {@code $AIM_HOME/logs}. */
  public Path logDir() {
    return aimHome().resolve("logs");
  }

  /** Per-endpoint monitor directories (exit status, restart events): {@code $AIM_HOME/run}. */
  public Path runDir() {
    return aimHome().resolve("run");
  }

  /**
   * AIM_ENGINE_COMMAND_&lt;ENGINE&gt; (engine label upper-cased: VLLM, SGLANG, LLAMACPP): the
   * executable prefix that starts the engine, split on whitespace; empty when unset.
   */
  public Optional<List<String>> engineCommand(String engineLabel) {
    return get("AIM_ENGINE_COMMAND_" + engineLabel.toUpperCase(java.util.Locale.ROOT))
        .map(v -> List.of(v.trim().split("\\s+")));
  }

  /** AIM_LLAMA_SERVER_JAR: the aim-llama-server.jar to run; empty for the default location. */
  public Optional<Path> llamaServerJar() {
    return get("AIM_LLAMA_SERVER_JAR").map(Path::of);
  }

  /** PATH, for finding engine executables. */
  public List<Path> path() {
    List<Path> out = new ArrayList<>();
    for (String part : get("PATH").orElse("/usr/local/bin:/usr/bin:/bin").split(":")) {
      if (!part.isBlank()) {
        out.add(Path.of(part));
      }
    }
    return out;
  }

  /** AIM_GPU_MODEL: the GPU model to assume instead of detecting. */
  public Optional<String> gpuModelOverride() {
    return get("AIM_GPU_MODEL");
  }

  /** AIM_GPU_COUNT: the GPU count to assume instead of detecting; must be a positive integer. */
  public OptionalInt gpuCountOverride() {
    Optional<String> v = get("AIM_GPU_COUNT");
    if (v.isEmpty()) {
      return OptionalInt.empty();
    }
    try {
      int n = Integer.parseInt(v.get());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return OptionalInt.of(n);
    } catch (NumberFormatException e) {
      throw AimException.invalid(
          "AIM_GPU_COUNT='" + v.get() + "' is not a GPU count: expected an integer >= 0");
    }
  }
}
