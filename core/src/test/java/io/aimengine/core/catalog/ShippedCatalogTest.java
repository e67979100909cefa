package io.aimengine.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.engine.EngineKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The catalog shipped in the jar: complete enough to plan with, and valid. */
class ShippedCatalogTest {
  private static final List<String> REQUIRED_MODELS =
      List.of(
          "Qwen/Qwen3-8B",
          "Qwen/Qwen3-32B",
          "Qwen/Qwen3-235B-A22B",
          "meta-llama/Llama-3.1-8B-Instruct",
          "meta-llama/Llama-3.1-70B-Instruct",
          "meta-llama/Llama-3.3-70B-Instruct",
          "meta-llama/Llama-3.1-405B-Instruct",
          "meta-llama/Llama-3.2-1B-Instruct",
          "meta-llama/Llama-3.2-3B-Instruct",
          "mistralai/Mixtral-8x7B-Instruct-v0.1",
          "mistralai/Mixtral-8x22B-Instruct-v0.1",
          "mistralai/Mistral-Small-3.2-24B-Instruct-2506",
          "deepseek-ai/DeepSeek-V3",
          "deepseek-ai/DeepSeek-R1-0528",
          "deepseek-ai/DeepSeek-R1-Distill-Qwen-32B",
          "google/gemma-2-9b-it",
          "google/gemma-3-27b-it",
          "microsoft/Phi-3-mini-4k-instruct",
          // Every family AMD publishes AIM profiles for (amd-enterprise-ai/aim-build profiles/).
          "openai/gpt-oss-120b",
          "openai/gpt-oss-20b",
          "CohereLabs/command-a-reasoning-08-2025");

  private final FileCatalog catalog = TestCatalogs.builtIn();

  @Test
  void theWholeCatalogValidatesWithoutErrors() {
    Path root = FileCatalog.builtInRoot();
    CatalogValidator.Report report =
        TestCatalogs.validator().validate(List.of(root.resolve("recipes"), root.resolve("models")));

    assertThat(report.problems().stream().filter(Problem::isError)).isEmpty();
    // Only AMD's profiles warn, and only about flags/variables later releases dropped.
    assertThat(report.problems())
        .allSatisfy(
            p -> {
              assertThat(p.message()).containsAnyOf("removed in", "no longer read");
              assertThat(isAmdProfile(Path.of(p.file()))).as(p.file()).isTrue();
            });
  }

  @Test
  void everyRequiredModelHasAModelFileWithPlanningFacts() {
    for (String id : REQUIRED_MODELS) {
      ModelEntry e = catalog.model(id).orElseThrow(() -> new AssertionError("no model file " + id));
      assertThat(e.id()).isEqualTo(id);
      assertThat(e.facts().architecture()).as(id).isNotNull();
      assertThat(e.facts().architecture().maxContext()).as(id).isPositive();
      assertThat(e.facts().parameterCount()).as(id).isPositive();
    }
    assertThat(catalog.models()).hasSizeGreaterThanOrEqualTo(10);
  }

  @Test
  void everyModelRecipeBelongsToAModelFile() {
    for (Recipe r : catalog.allRecipes()) {
      if (!r.isGeneral()) {
        assertThat(catalog.model(r.modelId())).as(r.id()).isPresent();
      }
    }
  }

  @Test
  void variantsResolveToTheirModel() {
    assertThat(catalog.model("Qwen/Qwen3-32B-FP8"))
        .get()
        .extracting(ModelEntry::id)
        .isEqualTo("Qwen/Qwen3-32B");
    assertThat(catalog.recipesFor("Qwen/Qwen3-32B-FP8"))
        .isNotEmpty()
        .allMatch(r -> r.servedModel().equals("Qwen/Qwen3-32B-FP8"));
  }

  @Test
  void vllmRecipesCoverMi300xMi325xMi355xAndMi250x() {
    for (String gpu : List.of("MI300X", "MI325X", "MI355X", "MI250X")) {
      Set<String> models =
          catalog.allRecipes().stream()
              .filter(r -> !r.isGeneral() && r.engine() == EngineKind.VLLM && r.gpu().equals(gpu))
              .map(Recipe::modelId)
              .collect(Collectors.toSet());
      assertThat(models).as(gpu).hasSizeGreaterThanOrEqualTo(5);
    }
  }

  @Test
  void sglangRecipesForAtLeastThreeModelsOnMi300x() {
    Set<String> models =
        catalog.allRecipes().stream()
            .filter(
                r -> !r.isGeneral() && r.engine() == EngineKind.SGLANG && r.gpu().equals("MI300X"))
            .map(Recipe::modelId)
            .collect(Collectors.toSet());
    assertThat(models).hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void ourOwnRecipesClaimNoTuningAndUseNoRemovedFlags() {
    List<Recipe> ours =
        catalog.allRecipes().stream()
            .filter(r -> !r.isGeneral() && !isAmdProfile(Path.of(r.source().file())))
            .toList();
    assertThat(ours).hasSizeGreaterThan(50);
    assertThat(ours).allSatisfy(r -> assertThat(r.type()).isEqualTo(RecipeType.UNOPTIMIZED));
    RecipeValidator validator =
        new RecipeValidator(io.aimengine.core.hardware.GpuCatalog.builtIn(), catalog::model);
    assertThat(ours).allSatisfy(r -> assertThat(validator.validate(r)).as(r.id()).isEmpty());
  }

  @Test
  void noMi250xRecipeNeedsFp8OrAiter() {
    assertThat(catalog.allRecipes().stream().filter(r -> r.gpu().equals("MI250X")))
        .isNotEmpty()
        .allSatisfy(
            r -> {
              // fp4 only for MXFP4 checkpoints (gpt-oss), which vLLM runs weight-only there.
              if (r.precision().label().equals("fp4")) {
                assertThat(r.servedModel()).startsWith("openai/gpt-oss-");
              } else {
                assertThat(r.precision().label()).isIn("bf16", "fp16");
              }
              assertThat(r.env().entrySet())
                  .noneMatch(e -> e.getKey().contains("AITER") && !e.getValue().equals("0"));
            });
  }

  private static boolean isAmdProfile(Path file) {
    // Files of the built-in catalog may be named relative to it ("catalog/recipes/...", as when it
    // is read from a jar): resolve those beside the catalog root, in its own file system.
    Path root = FileCatalog.builtInRoot();
    Path f =
        Files.exists(file)
            ? file
            : root.getParent().resolve(file.toString().replaceFirst("^/", ""));
    try {
      return Files.readString(f).contains("Advanced Micro Devices");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
