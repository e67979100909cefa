package io.aimengine.core.config;

import io.aimengine.core.AimException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 *   <tr><td>AIM_HOME</td><td>~/.aim-engine</td><td>state database, endpoint logs, bench results; its {@code recipes/} is a catalog root
 *       (measured recipes that {@code tune} writes)</td></tr>
 *   <tr><td>AIM_CACHE_DIR</td><td>$AIM_HOME/cache</td><td>model cache root, an HF_HOME-style
 *       directory: the hub cache is {@code <root>/hub}; see {@link #cacheDir()} for how it combines
 *       with HF_HOME / HF_HUB_CACHE</td></tr>
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
 *   <tr><td>AIM_ENGINE_VERSION_VLLM, AIM_ENGINE_VERSION_SGLANG</td><td>(read from the
 *       installed engine's dist-info)</td><td>the release of the engine installed here ("0.11.2"),
 *       which a plan for the process runtime fits its flags to; AIM Engine's ROCm image sets the
 *       one it ships</td></tr>
 *   <tr><td>AIM_ENGINE_ENV</td><td>(none)</td><td>comma-separated names of further variables
 *       handed to engines; engines otherwise get only the plan's variables and an allow-list
 *       (docs/operations.md, "Engine environment")</td></tr>
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
 *   <tr><td>AIM_MODEL_ID, AIM_PRECISION, AIM_ENGINE, AIM_METRIC, AIM_PORT, AIM_CACHE_PATH,
 *       AIM_ENGINE_ARGS</td><td>(none)</td><td>the environment contract of AMD's AIM images, read
 *       by {@code serve} (the container entrypoint) for what its command line leaves out: model,
 *       precision ({@code auto} = the planner's choice), engine, metric, port, model cache
 *       directory (after AIM_CACHE_DIR), extra engine arguments as a JSON object</td></tr>
 *   <tr><td>NO_COLOR</td><td>(none)</td><td>any non-empty value: never colour the output
 *       (no-color.org); --no-color does the same for one command</td></tr>
 *   <tr><td>FORCE_COLOR</td><td>(none)</td><td>any value but 0: colour even when the output is
 *       not a terminal</td></tr>
 *   <tr><td>AIM_RUNTIME</td><td>auto</td><td>where engines run: auto, process or container
 *       (the {@code --runtime} default)</td></tr>
 *   <tr><td>DOCKER_HOST</td><td>(none)</td><td>the Docker Engine API socket
 *       ({@code unix:///path} or {@code tcp://host:port}); else /var/run/docker.sock, rootful
 *       Podman's /run/podman/podman.sock, rootless Podman's
 *       $XDG_RUNTIME_DIR/podman/podman.sock, the first that exists</td></tr>
 *   <tr><td>HF_HOME</td><td>(none)</td><td>an existing Hugging Face home to use as the cache root
 *       when AIM_CACHE_DIR is unset; its {@code token} file is read for HF_TOKEN</td></tr>
 *   <tr><td>HF_HUB_CACHE (legacy HUGGINGFACE_HUB_CACHE)</td><td>$HF_HOME/hub</td><td>an existing
 *       hub cache directory, when AIM_CACHE_DIR is unset</td></tr>
 *   <tr><td>HF_ENDPOINT</td><td>https://huggingface.co</td><td>Hub base URL (mirrors, private
 *       hubs)</td></tr>
 *   <tr><td>HF_TOKEN (legacy HUGGING_FACE_HUB_TOKEN)</td><td>the token file</td><td>access token
 *       for gated/private repos; never printed</td></tr>
 *   <tr><td>HF_TOKEN_PATH</td><td>$HF_HOME/token, else ~/.cache/huggingface/token</td><td>token
 *       file written by {@code huggingface-cli login}</td></tr>
 *   <tr><td>HF_HUB_OFFLINE</td><td>0</td><td>1/true: use only what is cached, no network</td></tr>
 *   <tr><td>HF_HUB_ETAG_TIMEOUT, HF_HUB_DOWNLOAD_TIMEOUT</td><td>10</td><td>seconds: metadata
 *       request timeout; a download stalled this long is retried</td></tr>
 *   <tr><td>https_proxy / HTTPS_PROXY, http_proxy / HTTP_PROXY, all_proxy / ALL_PROXY</td>
 *       <td>(none: the JVM's proxy properties, else direct)</td><td>proxy for https / http URLs
 *       ({@code [http|socks5]://[user:password@]host[:port]}), read as curl and huggingface_hub
 *       do: lower case first, ALL_PROXY for a scheme without its own</td></tr>
 *   <tr><td>no_proxy / NO_PROXY</td><td>(none)</td><td>comma-separated hosts, domains
 *       ({@code .example.com} or {@code example.com}: the domain and its subdomains), IPs, CIDR
 *       ranges or {@code host:port} reached directly; {@code *} for every host</td></tr>
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

  /**
   * The model cache root in HF_HOME form: engines get {@code HF_HOME=<root>} and find the hub cache
   * at {@code <root>/hub}. Precedence: AIM_CACHE_DIR; else the parent of HF_HUB_CACHE when that
   * directory is named {@code hub}; else HF_HOME; else {@code $AIM_HOME/cache}. The container image
   * sets AIM_CACHE_DIR=/workspace/model-cache.
   *
   * @throws AimException when HF_HUB_CACHE names a directory that is not called {@code hub}: no
   *     HF_HOME can point an engine at it
   */
  public Path cacheDir() {
    Optional<String> own = get("AIM_CACHE_DIR").or(() -> get("AIM_CACHE_PATH"));
    if (own.isPresent()) {
      return Path.of(own.get());
    }
    Optional<Path> hub = hfHubCacheVariable();
    if (hub.isPresent()) {
      Path h = hub.get();
      if (h.getFileName() == null || !h.getFileName().toString().equals("hub")) {
        throw AimException.invalid(
            "HF_HUB_CACHE="
                + h
                + " is not a directory named 'hub': engines locate the cache as $HF_HOME/hub;"
                + " set AIM_CACHE_DIR (or HF_HOME) to the directory above a 'hub' folder instead");
      }
      return h.toAbsolutePath().getParent();
    }
    return get("HF_HOME").map(Path::of).orElse(aimHome().resolve("cache"));
  }

  /**
   * The hub cache directory (the one holding {@code models--org--name/}): {@code
   * $AIM_CACHE_DIR/hub} when AIM_CACHE_DIR is set; else HF_HUB_CACHE; else {@code $HF_HOME/hub};
   * else {@code $AIM_HOME/cache/hub}. Unlike {@link #cacheDir()} this accepts any HF_HUB_CACHE, so
   * {@code cache} commands can read a cache that other tools filled.
   */
  public Path hubCacheDir() {
    if (get("AIM_CACHE_DIR").or(() -> get("AIM_CACHE_PATH")).isPresent()) {
      return cacheDir().resolve("hub");
    }
    return hfHubCacheVariable()
        .orElseGet(
            () -> get("HF_HOME").map(Path::of).orElse(aimHome().resolve("cache")).resolve("hub"));
  }

  private Optional<Path> hfHubCacheVariable() {
    return get("HF_HUB_CACHE").or(() -> get("HUGGINGFACE_HUB_CACHE")).map(Path::of);
  }

  /** HF_ENDPOINT without a trailing slash, default {@code https://huggingface.co}. */
  public String hfEndpoint() {
    String e = get("HF_ENDPOINT").orElse("https://huggingface.co");
    while (e.endsWith("/")) {
      e = e.substring(0, e.length() - 1);
    }
    if (!e.startsWith("http://") && !e.startsWith("https://")) {
      throw AimException.invalid(
          "HF_ENDPOINT='" + e + "' is not an http(s) URL: expected e.g. https://huggingface.co");
    }
    return e;
  }

  /**
   * The Hub access token: HF_TOKEN, else HUGGING_FACE_HUB_TOKEN, else the first line of the token
   * file (HF_TOKEN_PATH, else {@code $HF_HOME/token}, else {@code
   * ${XDG_CACHE_HOME:-~/.cache}/huggingface/token}). Empty when none. Callers must never print it.
   */
  public Optional<String> hfToken() {
    Optional<String> t = get("HF_TOKEN").or(() -> get("HUGGING_FACE_HUB_TOKEN"));
    if (t.isPresent()) {
      return t;
    }
    Path file =
        get("HF_TOKEN_PATH")
            .map(Path::of)
            .orElseGet(
                () ->
                    get("HF_HOME")
                        .map(Path::of)
                        .orElseGet(
                            () ->
                                get("XDG_CACHE_HOME")
                                    .map(Path::of)
                                    .orElse(userHome.resolve(".cache"))
                                    .resolve("huggingface"))
                        .resolve("token"));
    try {
      if (Files.isRegularFile(file)) {
        String s = Files.readString(file).strip();
        int nl = s.indexOf('\n');
        s = nl < 0 ? s : s.substring(0, nl).strip();
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
      }
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** HF_HUB_OFFLINE set to 1/true/yes/on: use only cached files. */
  public boolean hfOffline() {
    return get("HF_HUB_OFFLINE")
        .map(v -> v.toLowerCase(Locale.ROOT))
        .map(v -> v.equals("1") || v.equals("true") || v.equals("yes") || v.equals("on"))
        .orElse(false);
  }

  /** HF_HUB_ETAG_TIMEOUT in seconds (metadata requests), default 10. */
  public Duration hfEtagTimeout() {
    return seconds("HF_HUB_ETAG_TIMEOUT", 10);
  }

  /**
   * HF_HUB_DOWNLOAD_TIMEOUT in seconds (a download that stalls this long is retried), default 10.
   */
  public Duration hfDownloadTimeout() {
    return seconds("HF_HUB_DOWNLOAD_TIMEOUT", 10);
  }

  private Duration seconds(String name, int dflt) {
    Optional<String> v = get(name);
    if (v.isEmpty()) {
      return Duration.ofSeconds(dflt);
    }
    try {
      double s = Double.parseDouble(v.get());
      if (!(s > 0) || Double.isInfinite(s)) {
        throw new NumberFormatException();
      }
      return Duration.ofMillis((long) (s * 1000));
    } catch (NumberFormatException e) {
      throw AimException.invalid(
          name + "='" + v.get() + "' is not a timeout: expected a positive number of seconds");
    }
  }

  /**
   * The proxy variable that applies to {@code scheme} ("http" or "https"): {@code <scheme>_proxy},
   * then {@code <SCHEME>_PROXY}, then {@code all_proxy}/{@code ALL_PROXY}, the lower-case form
   * first as curl and Python's urllib read them. Empty when none is set.
   */
  public Optional<String> proxyFor(String scheme) {
    String s = scheme.toLowerCase(Locale.ROOT);
    return get(s + "_proxy")
        .or(() -> get(s.toUpperCase(Locale.ROOT) + "_PROXY"))
        .or(() -> get("all_proxy"))
        .or(() -> get("ALL_PROXY"));
  }

  /** The name of the variable {@link #proxyFor} read, for messages; empty when none is set. */
  public Optional<String> proxyVariableFor(String scheme) {
    String s = scheme.toLowerCase(Locale.ROOT);
    for (String n :
        List.of(s + "_proxy", s.toUpperCase(Locale.ROOT) + "_PROXY", "all_proxy", "ALL_PROXY")) {
      if (get(n).isPresent()) {
        return Optional.of(n);
      }
    }
    return Optional.empty();
  }

  /** no_proxy, else NO_PROXY: the hosts reached without a proxy (see the table above). */
  public Optional<String> noProxy() {
    return get("no_proxy").or(() -> get("NO_PROXY"));
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

  /**
   * AIM_ENGINE_VERSION_&lt;ENGINE&gt; (engine label upper-cased): the release of the engine
   * installed here, as written; empty when unset.
   */
  public Optional<String> engineVersion(String engineLabel) {
    return get("AIM_ENGINE_VERSION_" + engineLabel.toUpperCase(java.util.Locale.ROOT));
  }

  /**
   * AIM_ENGINE_ENV: names of further variables of this environment to hand to engines
   * (comma-separated), beyond the allow-list of docs/operations.md, "Engine environment".
   */
  public java.util.Set<String> engineEnvNames() {
    return get("AIM_ENGINE_ENV")
        .map(
            v ->
                java.util.Arrays.stream(v.split(","))
                    .map(String::trim)
                    .filter(n -> !n.isEmpty())
                    .collect(java.util.stream.Collectors.toUnmodifiableSet()))
        .orElse(java.util.Set.of());
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

  /** Names of the AIM image contract {@code serve} honours (see the table above). */
  public static final java.util.Set<String> AIM_IMAGE_CONTRACT =
      java.util.Set.of(
          "AIM_MODEL_ID",
          "AIM_PRECISION",
          "AIM_ENGINE",
          "AIM_METRIC",
          "AIM_PORT",
          "AIM_CACHE_PATH",
          "AIM_ENGINE_ARGS");

  /** One variable of the AIM image contract, empty when unset or blank. */
  public Optional<String> aimImageContract(String name) {
    if (!AIM_IMAGE_CONTRACT.contains(name)) {
      throw new IllegalArgumentException(name + " is not part of the AIM image contract");
    }
    return get(name);
  }

  /**
   * NO_COLOR (no-color.org): when set to a non-empty value, output is never coloured, terminal or
   * not.
   */
  public boolean noColor() {
    return get("NO_COLOR").isPresent();
  }

  /**
   * FORCE_COLOR: when set to a value other than {@code 0}, output is coloured even when it is not a
   * terminal (CI logs that render ANSI); NO_COLOR and --no-color still win.
   */
  public boolean forceColor() {
    return get("FORCE_COLOR").filter(v -> !v.equals("0")).isPresent();
  }

  /** TERM: {@code dumb} terminals get no colour. */
  public Optional<String> term() {
    return get("TERM");
  }

  /** AIM_RUNTIME: the default of {@code --runtime} (auto, process, container); empty when unset. */
  public Optional<String> runtime() {
    return get("AIM_RUNTIME");
  }

  /**
   * The Docker Engine API endpoints to try, in order: DOCKER_HOST alone when set; else the Docker
   * socket, rootful Podman's, and rootless Podman's under XDG_RUNTIME_DIR (or /run/user/UID).
   */
  public List<String> dockerHosts() {
    Optional<String> explicit = get("DOCKER_HOST");
    if (explicit.isPresent()) {
      return List.of(explicit.get());
    }
    List<String> hosts = new ArrayList<>();
    hosts.add("unix:///var/run/docker.sock");
    hosts.add("unix:///run/podman/podman.sock");
    get("XDG_RUNTIME_DIR").ifPresent(d -> hosts.add("unix://" + d + "/podman/podman.sock"));
    return hosts;
  }
}
