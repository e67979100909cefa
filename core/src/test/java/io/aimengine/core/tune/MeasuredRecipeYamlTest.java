package io.aimengine.core.tune;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.catalog.Metric;
import io.aimengine.core.catalog.Recipe;
import io.aimengine.core.catalog.RecipeParser;
import io.aimengine.core.catalog.RecipeSource;
import io.aimengine.core.catalog.RecipeType;
import io.aimengine.core.catalog.RecipeValidator;
import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.hardware.GpuCatalog;
import io.aimengine.core.model.Precision;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The recipe tune writes is the catalog's format, parses, validates and keeps its figures. */
class MeasuredRecipeYamlTest {
  static Recipe base() {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("tensor-parallel-size", 2L);
    args.put("max-num-seqs", "128"); // as --arg gives it: a string
    args.put("kv-cache-dtype", "fp8");
    args.put("max-model-len", 32768L);
    return new Recipe(
        "Qwen/Qwen3-32B/vllm-mi300x-bf16-tp2-latency",
        "Qwen/Qwen3-32B",
        "Qwen/Qwen3-32B",
        EngineKind.VLLM,
        "MI300X",
        2,
        Precision.BF16,
        Metric.LATENCY,
        RecipeType.UNOPTIMIZED,
        false,
        args,
        Map.of("VLLM_USE_V1", "1"),
        null,
        new RecipeSource("x.yaml", RecipeSource.Format.AIM_PROFILE, null));
  }

  static MeasuredRecipe written() {
    return new MeasuredRecipe(
        base(),
        "Qwen/Qwen3-32B",
        "Qwen/Qwen3-32B",
        Metric.THROUGHPUT,
        "2x MI300X",
        "0.11.0",
        "2026-12-02T03:00:00Z",
        Map.of("api", "chat", "input_tokens", 512, "output_tokens", 128, "concurrency", 16),
        "ttft:500",
        Map.of("output_throughput", 2211.5, "median_e2el_ms", 812.25),
        "Written by a test\nsecond line");
  }

  @Test
  void theWrittenRecipeParsesAndValidatesAsAMeasuredRecipe() {
    MeasuredRecipe m = written();
    RecipeParser.Result r =
        new RecipeParser(GpuCatalog.builtIn()).parse(m.fileName(), "Qwen/Qwen3-32B/x", m.yaml());
    assertThat(r.problems()).isEmpty();
    Recipe recipe = r.recipes().get(0);
    assertThat(recipe.type()).isEqualTo(RecipeType.MEASURED);
    assertThat(recipe.metric()).isEqualTo(Metric.THROUGHPUT);
    assertThat(recipe.gpuCount()).isEqualTo(2);
    assertThat(recipe.engineArgs())
        .containsEntry("max-num-seqs", 128L)
        .containsEntry("kv-cache-dtype", "fp8");
    assertThat(recipe.env()).containsEntry("VLLM_USE_V1", "1");
    assertThat(recipe.measured().figures()).containsEntry("output_throughput", 2211.5);
    assertThat(recipe.measured().objective()).isEqualTo(Metric.THROUGHPUT);
    assertThat(recipe.measured().workloadText())
        .isEqualTo("chat, 512 input / 128 output tokens, concurrency 16");
    assertThat(recipe.measured().engineVersion()).isEqualTo("0.11.0");
    assertThat(
            new RecipeValidator(GpuCatalog.builtIn(), id -> Optional.empty())
                .validate(recipe).stream().filter(p -> p.isError()))
        .isEmpty();
    assertThat(m.yaml()).startsWith("# Written by a test\n# second line\n");
    assertThat(m.fileName()).isEqualTo("measured-vllm-mi300x-tp2-bf16-throughput.yaml");
  }
}
