package io.aimengine.runtime.endpoint;

import io.aimengine.core.AimException;
import io.aimengine.core.config.Settings;
import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.engine.EngineVersion;
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
    Optional<List<String>> named = settings.engineCommand(engine.label());
    if (named.isPresent()) {
      // The user named this host's install: use it (a wrong path then fails naming it).
      return Optional.of(
          String.join(" ", named.get())
              + " from AIM_ENGINE_COMMAND_"
              + engine.label().toUpperCase(java.util.Locale.ROOT));
    }
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

  /**
   * The release of the engine installed here, which a plan for the process runtime fits its flags
   * to: AIM_ENGINE_VERSION_&lt;ENGINE&gt; when set (AIM Engine's ROCm image sets the vLLM it
   * ships), else the version in the installed Python distribution's metadata ({@link
   * PythonDistributions}); empty when neither says (llama.cpp, or an install that cannot be read).
   * A development build ("0.11.1rc2.dev161+g8c5a") counts as its release part ("0.11.1").
   *
   * @throws AimException (invalid input) when AIM_ENGINE_VERSION_&lt;ENGINE&gt; is not a version
   */
  public Optional<String> installedVersion(EngineKind engine) {
    String variable = "AIM_ENGINE_VERSION_" + engine.label().toUpperCase(java.util.Locale.ROOT);
    Optional<String> set = settings.engineVersion(engine.label());
    if (set.isPresent()) {
      EngineVersion.parse(set.get(), variable);
      return set;
    }
    if (engine == EngineKind.LLAMACPP) {
      return Optional.empty();
    }
    List<String> prefix;
    try {
      prefix = prefix(engine);
    } catch (AimException e) {
      return Optional.empty();
    }
    String exe = (prefix == null ? defaultPrefix(engine) : prefix).get(0);
    Optional<Path> command = exe.contains("/") ? Optional.of(Path.of(exe)) : find(exe);
    return command
        .flatMap(c -> PythonDistributions.version(c, engine.label(), this::find))
        .flatMap(EngineCommands::release);
  }

  private static final java.util.regex.Pattern RELEASE =
      java.util.regex.Pattern.compile("^v?(\\d+(?:\\.\\d+)*)");

  /** The version when it reads as one, else its leading release part; empty when neither. */
  private static Optional<String> release(String version) {
    if (EngineVersion.find(version).isPresent()) {
      return Optional.of(version);
    }
    java.util.regex.Matcher m = RELEASE.matcher(version);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
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
