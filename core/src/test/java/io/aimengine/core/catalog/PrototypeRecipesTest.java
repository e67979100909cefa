package io.aimengine.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.hardware.GpuCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The original prototype's four recipes (seed-system config/recipes, copied into test resources
 * with their licence) load, expand into one recipe per enabled N_gpu entry, and have their invalid
 * flags reported as errors with field paths in the file's own spelling.
 */
class PrototypeRecipesTest {
  private static final Path DIR = TestCatalogs.resource("/fixtures/seed-system/recipes");

  @ParameterizedTest(name = "{0}: {1} recipes")
  @MethodSource("expansions")
  void expandsOneRecipePerEnabledEntry(String file, int count, List<String> someIds)
      throws IOException {
    Path f = DIR.resolve(file);
    RecipeParser.Result r =
        new RecipeParser(GpuCatalog.builtIn())
            .parse(f.toString(), file.replace(".yaml", ""), Files.readString(f));

    assertThat(r.problems()).isEmpty();
    assertThat(r.recipes()).hasSize(count);
    assertThat(r.recipes()).extracting(Recipe::id).containsAll(someIds);
    assertThat(r.recipes())
        .allSatisfy(
            x -> {
              assertThat(x.gpu()).isEqualTo("MI300X");
              assertThat(x.source().format()).isEqualTo(RecipeSource.Format.PROTOTYPE);
            });
  }

  static Stream<Arguments> expansions() {
    return Stream.of(
        // 1_gpu disabled for both engines
        arguments(
            "deepseek-r1-0528-mi300x-fp16.yaml",
            6,
            List.of(
                "deepseek-r1-0528-mi300x-fp16/vllm-2gpu",
                "deepseek-r1-0528-mi300x-fp16/sglang-8gpu")),
        arguments(
            "llama-3-1-405b-fp8-kv-mi300x-fp8.yaml",
            8,
            List.of("llama-3-1-405b-fp8-kv-mi300x-fp8/vllm-1gpu")),
        arguments(
            "llama-4-maverick-17b-mi300x-fp8.yaml",
            8,
            List.of("llama-4-maverick-17b-mi300x-fp8/sglang-4gpu")),
        arguments("qwen3-32b-mi300x-bf16.yaml", 8, List.of("qwen3-32b-mi300x-bf16/vllm-8gpu")));
  }

  @Test
  void expandedRecipesKeepTheirEngineAndGpuCount() throws IOException {
    Path f = DIR.resolve("qwen3-32b-mi300x-bf16.yaml");
    List<Recipe> recipes =
        new RecipeParser(GpuCatalog.builtIn())
            .parse(f.toString(), "q", Files.readString(f))
            .recipes();

    Recipe sglang4 =
        recipes.stream().filter(r -> r.id().equals("q/sglang-4gpu")).findFirst().orElseThrow();
    assertThat(sglang4.engine()).isEqualTo(EngineKind.SGLANG);
    assertThat(sglang4.gpuCount()).isEqualTo(4);
    assertThat(sglang4.source().entry()).isEqualTo("sglang_serve.4_gpu");
  }

  @ParameterizedTest(name = "{1} {2}")
  @MethodSource("invalidFlags")
  void invalidFlagsAreReportedAsErrors(String file, String field, String fragment) {
    List<Problem> problems =
        TestCatalogs.validator().validate(List.of(DIR.resolve(file))).problems();

    assertThat(problems)
        .anySatisfy(
            p -> {
              assertThat(p.isError()).isTrue();
              assertThat(p.field()).isEqualTo(field);
              assertThat(p.message()).contains(fragment);
            });
  }

  static Stream<Arguments> invalidFlags() {
    String ds = "deepseek-r1-0528-mi300x-fp16.yaml";
    String l405 = "llama-3-1-405b-fp8-kv-mi300x-fp8.yaml";
    String qwen = "qwen3-32b-mi300x-bf16.yaml";
    return Stream.of(
        arguments(
            ds,
            "sglang_serve.2_gpu.args.--max-num-batched-tokens",
            "is a vLLM flag, not an SGLang one; SGLang uses --chunked-prefill-size"),
        arguments(
            ds,
            "sglang_serve.8_gpu.args.--gpu-memory-utilization",
            "SGLang uses --mem-fraction-static"),
        arguments(l405, "sglang_serve.1_gpu.args.--max-model-len", "SGLang uses --context-length"),
        arguments(
            l405, "vllm_serve.4_gpu.args.--dtype", "--dtype float8_e4m3 is not a vLLM choice"),
        arguments(
            "llama-4-maverick-17b-mi300x-fp8.yaml",
            "vllm_serve.1_gpu.args.--dtype",
            "--dtype float8_e5m2 is not a vLLM choice"),
        arguments(
            qwen,
            "vllm_serve.1_gpu.args.--trust-remote-code",
            "--trust-remote-code 'true' fails with 'unrecognized arguments: true'"),
        arguments(
            qwen, "sglang_serve.2_gpu.args.--trust-remote-code", "is a switch and takes no value"));
  }

  @Test
  void everyPrototypeFileHasErrorsAndNoStructuralProblems() {
    CatalogValidator.Report report = TestCatalogs.validator().validate(List.of(DIR));

    assertThat(report.files()).isEqualTo(4);
    assertThat(report.recipes()).isEqualTo(30);
    assertThat(report.problems().stream().filter(Problem::isError).map(Problem::file).distinct())
        .hasSize(4);
    assertThat(report.problems()).noneMatch(p -> p.message().contains("required"));
  }
}
