package io.aimengine.runtime.endpoint;

import io.aimengine.core.engine.LaunchSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The whole environment an engine process gets: never the CLI's environment as it is, but what the
 * plan sets ({@link LaunchSpec#env()}) plus the variables of the CLI's environment that are on the
 * allow-list below, minus what the plan removes ({@link LaunchSpec#unsetEnv()}). Secrets reach an
 * engine only when it must download: {@code HF_TOKEN}, {@code HUGGING_FACE_HUB_TOKEN}, {@code
 * HF_ENDPOINT} and the proxy variables pass only when the plan did not set {@code HF_HUB_OFFLINE=1}
 * (a launch pulls the weights itself and runs the engine offline). Immutable.
 *
 * <p>The allow-list (documented in docs/operations.md, "Engine environment"):
 *
 * <ul>
 *   <li>names: {@link #NAMES}
 *   <li>prefixes (GPU runtimes, collective libraries, engines, threading, locale): {@link
 *       #PREFIXES}
 *   <li>whatever {@code AIM_ENGINE_ENV} names (comma-separated), for a site's own variables
 * </ul>
 */
public final class EngineEnvironment {
  /** Passed when set in the CLI's environment. */
  public static final Set<String> NAMES =
      Set.of(
          "PATH",
          "HOME",
          "USER",
          "LOGNAME",
          "SHELL",
          "LANG",
          "LANGUAGE",
          "TZ",
          "TMPDIR",
          "TERM",
          "LD_LIBRARY_PATH",
          "LD_PRELOAD",
          "PYTHONPATH",
          "PYTHONHOME",
          "VIRTUAL_ENV",
          "CONDA_PREFIX",
          "XDG_CACHE_HOME",
          "JAVA_HOME",
          "TRANSFORMERS_CACHE");

  /** Passed when a variable's name starts with one of these. */
  public static final List<String> PREFIXES =
      List.of(
          "LC_",
          "ROCM_",
          "HIP_",
          "HSA_",
          "ROCR_",
          "AMD_",
          "MIOPEN_",
          "RCCL_",
          "NCCL_",
          "CUDA_",
          "NVIDIA_",
          "TORCH_",
          "PYTORCH_",
          "TRITON_",
          "VLLM_",
          "SGLANG_",
          "LLAMA_",
          "GGML_",
          "OMP_",
          "MKL_",
          "OPENBLAS_");

  /** Passed only to an engine that may download (no HF_HUB_OFFLINE=1 in the plan). */
  public static final Set<String> DOWNLOAD_ONLY =
      Set.of(
          "HF_TOKEN",
          "HUGGING_FACE_HUB_TOKEN",
          "HF_ENDPOINT",
          "HTTP_PROXY",
          "HTTPS_PROXY",
          "NO_PROXY",
          "http_proxy",
          "https_proxy",
          "no_proxy");

  private final Map<String, String> host;
  private final Set<String> extra;

  /**
   * @param host the CLI's environment
   * @param extra further names to pass (AIM_ENGINE_ENV)
   */
  public EngineEnvironment(Map<String, String> host, Set<String> extra) {
    this.host = Map.copyOf(host);
    this.extra = Set.copyOf(extra);
  }

  /** The engine's complete environment for {@code spec}. */
  public Map<String, String> of(LaunchSpec spec) {
    boolean mayDownload = !"1".equals(spec.env().get("HF_HUB_OFFLINE"));
    Map<String, String> out = new TreeMap<>();
    host.forEach(
        (k, v) -> {
          if (NAMES.contains(k)
              || extra.contains(k)
              || PREFIXES.stream().anyMatch(k::startsWith)
              || (mayDownload && DOWNLOAD_ONLY.contains(k))) {
            out.put(k, v);
          }
        });
    spec.unsetEnv().forEach(out::remove);
    out.putAll(spec.env());
    return out;
  }
}
