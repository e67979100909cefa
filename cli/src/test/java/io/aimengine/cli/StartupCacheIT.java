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

  @ParameterizedTest
  @MethodSource("commands")
  void everyClassOfTheCommandComesFromItsStartUpCache(List<String> args) {
    Map<String, String> env =
        Map.of(
            "AIM_HOME",
            home.toString(),
            "AIM_JAVA_OPTS",
            "-Xlog:class+load=info:file=" + home.resolve("classes.log"));
    CliRun warm = Launcher.run(env, args.toArray(String[]::new)); // trains the cache if it must
    assertThat(warm.code()).as(warm.err()).isZero();

    CliRun run = Launcher.run(env, args.toArray(String[]::new));
    assertThat(run.code()).as(run.err()).isZero();
    List<String> loaded = lines(home.resolve("classes.log"));
    assumeTrue(
        loaded.stream().anyMatch(l -> l.contains("source: shared objects file")),
        "no start-up cache in use (a JDK before 25 runs bin/aim-engine): nothing to check");
    assertThat(loaded.stream().filter(l -> l.contains("source: file:")).toList())
        .as("classes read from the jar instead of the start-up cache")
        .isEmpty();
  }

  private static List<String> lines(Path f) {
    try {
      return java.nio.file.Files.readAllLines(f);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
