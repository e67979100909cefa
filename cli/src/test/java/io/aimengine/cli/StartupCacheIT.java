package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * bin/aim-engine starts {@code --version} and {@code plan} with start-up caches trained on them
 * alone (JDK 25+, AotTraining): the JVM loads every class of a cache first, so a cache holds only
 * what its commands need, and a class one of them needs but the cache lacks is read and verified
 * from the 50 MB jar (~30 ms for the jar, and more per class). Each shape of command the launcher
 * gives a cache of its own must find every class of its own code in it.
 */
class StartupCacheIT {
  @TempDir Path home;

  static Stream<List<String>> commands() {
    return Stream.of(
        List.of("--version"),
        List.of("plan", "Qwen/Qwen3-32B", "--gpu", "MI300X", "--gpu-count", "8"),
        List.of("plan", "meta-llama/Llama-3.1-70B-Instruct", "--gpu", "H100", "--gpu-count", "4"),
        List.of("plan", "Qwen/Qwen3-32B", "--gpu", "MI300X", "--gpu-count", "1", "--json"));
  }

  /** A model outside the catalog, planned from its config.json (the Hub's path once cached). */
  @org.junit.jupiter.api.Test
  void aPlanOfAModelOutsideTheCatalogFindsItsJsonReadingInTheCache() throws java.io.IOException {
    Path model = java.nio.file.Files.createDirectories(home.resolve("acme-7b"));
    java.nio.file.Files.writeString(
        model.resolve("config.json"),
        """
        {"architectures": ["MistralForCausalLM"], "model_type": "mistral", "hidden_size": 4096,
         "intermediate_size": 14336, "num_hidden_layers": 32, "num_attention_heads": 32,
         "num_key_value_heads": 8, "vocab_size": 32768, "max_position_embeddings": 32768,
         "torch_dtype": "bfloat16"}
        """);
    everyClassOfTheCommandComesFromItsStartUpCache(
        List.of("plan", model.toString(), "--gpu", "MI325X", "--gpu-count", "2"));
  }

  /**
   * A catalogued model's plan for a named machine starts with the target-plan cache, which holds
   * neither the Hub's JSON reading (a model outside the catalog takes the plan cache) nor the other
   * commands and what verifying them loads (Jackson's data binding, bench, tune): the JVM loads
   * every class of a cache at start-up.
   */
  @org.junit.jupiter.api.Test
  void aCataloguedTargetPlanLoadsNoClassOfOtherPaths() {
    List<String> loaded =
        everyClassOfTheCommandComesFromItsStartUpCache(
            List.of("plan", "Qwen/Qwen3-32B", "--gpu", "MI300X", "--gpu-count", "8"), List.of());
    assertThat(
            loaded.stream()
                .filter(
                    l ->
                        l.contains(" com.fasterxml.jackson.databind.")
                            || l.contains(" io.aimengine.core.model.JsonTree ")
                            || l.contains(" io.aimengine.cli.TuneCommand ")
                            || l.contains(" io.aimengine.cli.LaunchCommand "))
                .toList())
        .as("classes of other commands or of the Hub's JSON reading")
        .isEmpty();
  }

  /**
   * {@code launch --backend llamacpp} under the process runtime (bench/launch.sh's command) starts
   * with the process-launch cache, which holds no container client: a whole launch, readiness and
   * smoke completion included, and the stop after it.
   */
  @org.junit.jupiter.api.Test
  void aLlamaCppLaunchFindsItsClassesInTheProcessLaunchCache() throws java.io.IOException {
    Path model = io.aimengine.testsupport.TinyGguf.write(home.resolve("models/tiny.gguf"));
    Map<String, String> env = Map.of("AIM_HOME", home.toString());
    try {
      List<String> loaded =
          everyClassOfTheCommandComesFromItsStartUpCache(
              cachedLaunch(model), List.of("stop", "cached", "--timeout", "5s"));
      // The full cache holds the container client (trained on a container launch), and the JVM
      // loads all of a cache's classes at start-up.
      assertThat(loaded.stream().filter(l -> l.contains(" com.github.dockerjava.")).toList())
          .as("container client classes loaded by a process launch")
          .isEmpty();
    } finally {
      Launcher.run(env, "stop", "--all", "--timeout", "5s");
    }
  }

  /**
   * {@code launch --runtime container} (bench/container.sh's command) starts with the
   * container-launch cache: a whole launch against a Docker API stand-in (the image check, create,
   * start, the container's monitor, readiness and the smoke completion on the published port), and
   * the stop after it.
   */
  @org.junit.jupiter.api.Test
  void aContainerLaunchFindsItsClassesInTheContainerLaunchCache() throws java.io.IOException {
    // The stand-in's image runs as a non-root user: the mounted model directory must be readable.
    Path models = java.nio.file.Files.createDirectories(home.resolve("models"));
    java.nio.file.Files.setPosixFilePermissions(
        models, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Path model = io.aimengine.testsupport.TinyGguf.write(models.resolve("tiny.gguf"));
    try (DockerApiStandIn api = new DockerApiStandIn(home.resolve("docker.sock"))) {
      Map<String, String> env = Map.of("AIM_HOME", home.toString(), "DOCKER_HOST", api.host());
      try {
        everyClassOfTheCommandComesFromItsStartUpCache(
            Map.of("DOCKER_HOST", api.host()),
            cachedLaunch(model, "--runtime", "container"),
            List.of("stop", "cached", "--timeout", "5s"));
      } finally {
        Launcher.run(env, "stop", "--all", "--timeout", "5s");
      }
    }
  }

  /**
   * {@code launch MODEL --backend llamacpp}, then {@code more}, detached as "cached" on a free
   * port.
   */
  private static List<String> cachedLaunch(Path model, String... more) {
    List<String> args =
        new java.util.ArrayList<>(List.of("launch", model.toString(), "--backend", "llamacpp"));
    args.addAll(List.of(more));
    args.addAll(
        List.of(
            "--detach",
            "--port",
            String.valueOf(StandIn.freePort()),
            "--name",
            "cached",
            "--timeout",
            "60s"));
    return args;
  }

  @ParameterizedTest
  @MethodSource("commands")
  void everyClassOfTheCommandComesFromItsStartUpCache(List<String> args) {
    everyClassOfTheCommandComesFromItsStartUpCache(args, List.of());
  }

  private List<String> everyClassOfTheCommandComesFromItsStartUpCache(
      List<String> args, List<String> after) {
    return everyClassOfTheCommandComesFromItsStartUpCache(Map.of(), args, after);
  }

  /**
   * Runs {@code args} twice with {@code env} besides AIM_HOME, {@code after} (without class
   * logging) after each; the classes the second run loaded.
   */
  private List<String> everyClassOfTheCommandComesFromItsStartUpCache(
      Map<String, String> extra, List<String> args, List<String> after) {
    Map<String, String> env = new java.util.HashMap<>(extra);
    env.put("AIM_HOME", home.toString());
    env.put("AIM_JAVA_OPTS", "-Xlog:class+load=info:file=" + home.resolve("classes.log"));
    Map<String, String> plain = new java.util.HashMap<>(extra);
    plain.put("AIM_HOME", home.toString());
    CliRun warm = Launcher.run(env, args.toArray(String[]::new)); // trains the cache if it must
    assertThat(warm.code()).as(warm.err()).isZero();
    if (!after.isEmpty()) {
      Launcher.run(plain, after.toArray(String[]::new));
    }

    CliRun run = Launcher.run(env, args.toArray(String[]::new));
    assertThat(run.code()).as(run.err()).isZero();
    if (!after.isEmpty()) {
      Launcher.run(plain, after.toArray(String[]::new));
    }
    List<String> loaded = lines(home.resolve("classes.log"));
    assumeTrue(
        loaded.stream().anyMatch(l -> l.contains("source: shared objects file")),
        "no start-up cache in use (a JDK before 25 runs bin/aim-engine): nothing to check");
    assertThat(loaded.stream().filter(l -> l.contains("source: file:")).toList())
        .as("classes read from the jar instead of the start-up cache")
        .isEmpty();
    return loaded;
  }

  private static List<String> lines(Path f) {
    try {
      return java.nio.file.Files.readAllLines(f);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
