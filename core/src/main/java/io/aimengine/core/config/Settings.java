package io.aimengine.core.config;

import io.aimengine.core.AimException;
import java.nio.file.Path;
import java.time.Duration;
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
 *       <td>visibility masks, applied as the engines apply them (see docs/operations.md)</td></tr>
 *   <tr><td>AIM_ENGINE_COMMAND_VLLM, AIM_ENGINE_COMMAND_SGLANG,
 *       AIM_ENGINE_COMMAND_LLAMACPP</td><td>(none)</td><td>the executable prefix that starts that
 *       engine, split on whitespace ("/opt/vllm-0.11/bin/vllm", "python3.12 -m
 *       sglang.launch_server", "/usr/local/bin/llama-server"), instead of the default ("vllm",
 *       "python3 -m sglang.launch_server", llama-server on PATH or AIM Engine's own server)</td></tr>
 *   <tr><td>AIM_LLAMA_SERVER_JAR</td><td>next to the CLI jar</td><td>AIM Engine's own
 *       llama.cpp server (aim-llama-server.jar), used for llamacpp when no llama-server is on
 *       PATH</td></tr>
 *   <tr><td>AIM_DETECT_TIMEOUT_MS</td><td>3000</td><td>how long one GPU tool call (amd-smi,
 *       rocm-smi, nvidia-smi) may take before it is killed and the next detector is tried</td></tr>
 *   <tr><td>AIM_SYSFS_ROOT</td><td>/</td><td>root under which /sys, /proc and /dev are read for
 *       GPU and CPU detection (tests, or inspecting a copied node tree)</td></tr>
 *   <tr><td>ROCM_PATH</td><td>/opt/rocm</td><td>ROCm install; its bin/ is searched for amd-smi
 *       and rocm-smi after PATH</td></tr>
 *   <tr><td>PATH</td><td>(inherited)</td><td>where amd-smi, rocm-smi and nvidia-smi are
 *       found</td></tr>
 *   <tr><td>HF_HOME, HF_HUB_CACHE, HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE</td><td>see
 *       hf-hub docs</td><td>Hugging Face compatibility</td></tr>
 * </table>
 */
public final class Settings {
  /** The visibility masks AIM Engine honours, in the order the runtimes apply them. */
  public static final List<String> VISIBILITY_MASKS =
      List.of("ROCR_VISIBLE_DEVICES", "HIP_VISIBLE_DEVICES", "CUDA_VISIBLE_DEVICES");

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

  /**
   * A GPU visibility mask exactly as set: empty when unset, {@code ""} when set to the empty string
   * (which hides every device). Parsing and meaning live in {@code hardware.VisibilityMasks}.
   *
   * @param name HIP_VISIBLE_DEVICES, ROCR_VISIBLE_DEVICES or CUDA_VISIBLE_DEVICES
   */
  public Optional<String> visibilityMask(String name) {
    if (!VISIBILITY_MASKS.contains(name)) {
      throw new IllegalArgumentException("not a visibility mask: " + name);
    }
    return getRaw(name).map(String::trim);
  }

  /** AIM_DETECT_TIMEOUT_MS: how long one GPU tool call may run, default 3 s. */
  public Duration detectTimeout() {
    Optional<String> v = get("AIM_DETECT_TIMEOUT_MS");
    if (v.isEmpty()) {
      return Duration.ofSeconds(3);
    }
    try {
      long ms = Long.parseLong(v.get());
      if (ms <= 0) {
        throw new NumberFormatException();
      }
      return Duration.ofMillis(ms);
    } catch (NumberFormatException e) {
      throw AimException.invalid(
          "AIM_DETECT_TIMEOUT_MS='" + v.get() + "' is not a timeout: expected milliseconds > 0");
    }
  }

  /** AIM_SYSFS_ROOT: where /sys, /proc and /dev are read for detection, default {@code /}. */
  public Path sysfsRoot() {
    return get("AIM_SYSFS_ROOT").map(Path::of).orElse(Path.of("/"));
  }

  /** ROCM_PATH, default {@code /opt/rocm}: its bin/ is searched for amd-smi and rocm-smi. */
  public Path rocmPath() {
    return get("ROCM_PATH").map(Path::of).orElse(Path.of("/opt/rocm"));
  }

  /** The directories of PATH, in order; empty entries dropped. */
  public List<Path> executablePath() {
    List<Path> dirs = new ArrayList<>();
    get("PATH")
        .ifPresent(
            p -> {
              for (String part : p.split(":")) {
                if (!part.isBlank()) {
                  dirs.add(Path.of(part));
                }
              }
            });
    return dirs;
  }
}
