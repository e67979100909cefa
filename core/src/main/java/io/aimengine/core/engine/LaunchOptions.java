package io.aimengine.core.engine;

import java.nio.file.Path;
import java.util.List;

/**
 * Choices made at launch time rather than by the planner.
 *
 * @param host bind address: "127.0.0.1" (the default, as Ollama's) serves this host only; "0.0.0.0"
 *     or "::" every interface, an explicit opt-in; null means the default
 * @param port HTTP port, 0 for the recipe's or the engine default
 * @param name endpoint / container name, null for the plan's default name
 * @param hfHome model cache root handed to the engine (HF_HOME layout), null to leave the engine's
 *     default
 * @param offline tell the engine not to reach the Hub (HF_HUB_OFFLINE=1)
 * @param image container image override, null for the engine default
 * @param engineCommand replaces the engine's executable prefix ({@code ["vllm"]}, {@code
 *     ["python3", "-m", "sglang.launch_server"]}, {@code ["llama-server"]}), null for the default;
 *     host processes only (a container runs its image's engine)
 * @param renderNodes AMD device index → its render node ({@code /dev/dri/renderD128}) as this host
 *     exposes it; a container gets only the planned GPUs' nodes when every one is known, else all
 *     of {@code /dev/dri}
 */
public record LaunchOptions(
    String host,
    int port,
    String name,
    Path hfHome,
    boolean offline,
    String image,
    List<String> engineCommand,
    java.util.Map<Integer, String> renderNodes) {

  public LaunchOptions {
    engineCommand = engineCommand == null ? null : List.copyOf(engineCommand);
    renderNodes = renderNodes == null ? java.util.Map.of() : java.util.Map.copyOf(renderNodes);
  }

  public LaunchOptions withRenderNodes(java.util.Map<Integer, String> nodes) {
    return new LaunchOptions(host, port, name, hfHome, offline, image, engineCommand, nodes);
  }

  public static LaunchOptions defaults() {
    return new LaunchOptions(BindAddress.LOOPBACK, 0, null, null, false, null, null, null);
  }

  public LaunchOptions withHost(String h) {
    return new LaunchOptions(h, port, name, hfHome, offline, image, engineCommand, renderNodes);
  }

  public LaunchOptions withPort(int p) {
    return new LaunchOptions(host, p, name, hfHome, offline, image, engineCommand, renderNodes);
  }

  public LaunchOptions withName(String n) {
    return new LaunchOptions(host, port, n, hfHome, offline, image, engineCommand, renderNodes);
  }

  public LaunchOptions withCache(Path home, boolean off) {
    return new LaunchOptions(host, port, name, home, off, image, engineCommand, renderNodes);
  }

  public LaunchOptions withImage(String i) {
    return new LaunchOptions(host, port, name, hfHome, offline, i, engineCommand, renderNodes);
  }

  public LaunchOptions withEngineCommand(List<String> command) {
    return new LaunchOptions(host, port, name, hfHome, offline, image, command, renderNodes);
  }
}
