package io.aimengine.runtime.endpoint;

import io.aimengine.core.AimException;
import io.aimengine.core.config.Settings;
import io.aimengine.core.engine.EngineKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Which executable starts each engine on this host. In order: {@code AIM_ENGINE_COMMAND_<ENGINE>};
 * for llamacpp, a {@code llama-server} on PATH, else AIM Engine's own server ({@code java -jar
 * aim-llama-server.jar}); for the others the adapter's default ({@code vllm}, {@code python3 -m
 * sglang.launch_server}). {@link #check} fails early, naming the missing executable, rather than
 * letting a launch die with "not found" in its log.
 */
public final class EngineCommands {
  private final Settings settings;
  private final Path defaultLlamaServerJar;

  /**
   * @param defaultLlamaServerJar where aim-llama-server.jar is when AIM_LLAMA_SERVER_JAR is unset
   *     (next to the CLI jar), may be null
   */
  public EngineCommands(Settings settings, Path defaultLlamaServerJar) {
    this.settings = settings;
    this.defaultLlamaServerJar = defaultLlamaServerJar;
  }

  /** The executable prefix for {@code engine}, or null for the adapter's default. */
  public List<String> prefix(EngineKind engine) {
    Optional<List<String>> override = settings.engineCommand(engine.label());
    if (override.isPresent()) {
      return override.get();
    }
    if (engine == EngineKind.LLAMACPP && find("llama-server").isEmpty()) {
      Path jar = settings.llamaServerJar().orElse(defaultLlamaServerJar);
      if (jar == null || !Files.isRegularFile(jar)) {
        throw AimException.unexpectedState(
            "llamacpp: no llama-server on PATH and AIM Engine's own server is missing"
                + (jar == null ? "" : " (" + jar + ")")
                + "; build it (mvn -pl llama-server -am package), set AIM_LLAMA_SERVER_JAR,"
                + " or install llama.cpp's llama-server");
      }
      return List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1",
          "--enable-native-access=ALL-UNNAMED",
          // a private, verified place for its native library instead of a shared /tmp file
          "-Daim.llama.nativeDir=" + settings.aimHome().resolve("native"),
          "-jar",
          jar.toString());
    }
    return null;
  }

  /** Fails when the command's executable cannot be found. */
  public void check(EngineKind engine, List<String> argv) {
    String exe = argv.get(0);
    boolean found = exe.contains("/") ? Files.isExecutable(Path.of(exe)) : find(exe).isPresent();
    if (!found) {
      throw AimException.unexpectedState(
          engine.label()
              + ": '"
              + exe
              + "' is not "
              + (exe.contains("/") ? "an executable file" : "on PATH")
              + "; install the engine or point AIM_ENGINE_COMMAND_"
              + engine.label().toUpperCase(java.util.Locale.ROOT)
              + " at it");
    }
  }

  /**
   * The engine's executable as found here ("/usr/bin/vllm", "AIM Engine's llama.cpp server"), empty
   * when it is not installed (what {@code --runtime auto} asks).
   */
  public Optional<String> installed(EngineKind engine) {
    List<String> prefix;
    try {
      prefix = prefix(engine);
    } catch (AimException e) {
      return Optional.empty();
    }
    if (prefix == null) {
      prefix = defaultPrefix(engine);
    }
    String exe = prefix.get(0);
    if (engine == EngineKind.LLAMACPP && prefix.contains("-jar")) {
      return Optional.of("AIM Engine's llama.cpp server, " + prefix.get(prefix.size() - 1));
    }
    if (exe.contains("/")) {
      return Files.isExecutable(Path.of(exe)) ? Optional.of(exe) : Optional.empty();
    }
    if (engine == EngineKind.SGLANG && settings.engineCommand(engine.label()).isEmpty()) {
      // python3 alone says nothing about SGLang being installed
      return Optional.empty();
    }
    return find(exe).map(Path::toString);
  }

  private static List<String> defaultPrefix(EngineKind engine) {
    return switch (engine) {
      case VLLM -> List.of("vllm");
      case SGLANG -> List.of("python3", "-m", "sglang.launch_server");
      case LLAMACPP -> List.of("llama-server");
    };
  }

  private Optional<Path> find(String exe) {
    for (Path dir : settings.executablePath()) {
      Path p = dir.resolve(exe);
      if (Files.isExecutable(p) && !Files.isDirectory(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
