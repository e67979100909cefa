package io.aimengine.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.hardware.GpuCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading is indexed by model id: a lookup reads that model's directory and nothing else. */
class FileCatalogIndexTest {
  @TempDir Path root;

  @BeforeEach
  void catalog() throws IOException {
    write(
        "recipes/Qwen/Qwen3-32B/vllm-mi300x-bf16-tp1-latency.yaml",
        RecipeRulesTest.aim("", RecipeRulesTest.TP1, ""));
    write(
        "recipes/Qwen/Qwen3-32B/vllm-mi300x-fp8-tp1-latency.yaml",
        RecipeRulesTest.aim(
            "precision=fp8;model_id=Qwen/Qwen3-32B-FP8", "tensor-parallel-size: 1", ""));
    // Broken files everywhere else: a lookup that read them would record load problems.
    write("recipes/meta-llama/Llama-3.1-8B-Instruct/broken.yaml", "metadata: [unclosed");
    write("recipes/custom/other/Model/broken.yaml", "{{{ not yaml");
    write("recipes/general/h100/broken.yaml", "metadata: {engine: nope}");
    write("models/Qwen/Qwen3-32B.yaml", "id: Qwen/Qwen3-32B\nvariants: [Qwen/Qwen3-32B-FP8]\n");
    write("models/meta-llama/Llama-3.1-8B-Instruct.yaml", "id: [broken");
  }

  @Test
  void recipesForReadsOnlyThatModelsDirectory() {
    FileCatalog catalog = new FileCatalog(List.of(root), GpuCatalog.builtIn());

    List<Recipe> recipes = catalog.recipesFor("Qwen/Qwen3-32B");

    assertThat(recipes).extracting(Recipe::id).hasSize(2);
    assertThat(catalog.loadProblems()).isEmpty();
  }

  @Test
  void generalRecipesReadOnlyThatGpusDirectory() throws IOException {
    write("recipes/general/mi300x/vllm-mi300x-bf16-tp1-latency.yaml", general("MI300X"));
    FileCatalog catalog = new FileCatalog(List.of(root), GpuCatalog.builtIn());

    assertThat(catalog.generalRecipes("MI300X"))
        .extracting(Recipe::id)
        .containsExactly("general/vllm-mi300x-bf16-tp1-latency");
    assertThat(catalog.loadProblems()).isEmpty();
  }

  @Test
  void aVariantIdReturnsTheRecipesServingThatVariant() {
    FileCatalog catalog = new FileCatalog(List.of(root), GpuCatalog.builtIn());

    assertThat(catalog.recipesFor("Qwen/Qwen3-32B-FP8"))
        .extracting(Recipe::id)
        .containsExactly("Qwen/Qwen3-32B/vllm-mi300x-fp8-tp1-latency");
    assertThat(catalog.loadProblems()).isEmpty();
  }

  @Test
  void aVariantUnderAnotherOrgIsFoundInItsModelsFile() {
    FileCatalog catalog = TestCatalogs.builtIn();

    assertThat(catalog.model("amd/Llama-3.1-405B-Instruct-FP8-KV"))
        .get()
        .extracting(ModelEntry::id)
        .isEqualTo("meta-llama/Llama-3.1-405B-Instruct");
    assertThat(catalog.recipesFor("amd/Llama-3.1-405B-Instruct-FP8-KV"))
        .isNotEmpty()
        .allSatisfy(
            r -> assertThat(r.servedModel()).isEqualTo("amd/Llama-3.1-405B-Instruct-FP8-KV"));
  }

  @Test
  void theBrokenFilesAreThereToBeFound() {
    // The fixture is only a proof if reading everything does hit the broken files.
    FileCatalog catalog = new FileCatalog(List.of(root), GpuCatalog.builtIn());
    catalog.allRecipes();
    assertThat(catalog.loadProblems()).hasSizeGreaterThanOrEqualTo(3);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "'A;touch /tmp/x;B': '1'",
        "'X$(id)': '1'",
        "'1ABC': '1'",
        "'A B': '1'",
        "'': '1'"
      })
  void aRecipeWhoseEnvNameIsNoShellNameIsRefusedWhenTheCatalogLoads(String env) throws IOException {
    write(
        "recipes/Qwen/Qwen3-32B/vllm-mi300x-bf16-tp1-latency.yaml",
        RecipeRulesTest.aim("", RecipeRulesTest.TP1, env));
    FileCatalog catalog = new FileCatalog(List.of(root), GpuCatalog.builtIn());

    assertThat(catalog.recipesFor("Qwen/Qwen3-32B"))
        .extracting(Recipe::id)
        .containsExactly("Qwen/Qwen3-32B/vllm-mi300x-fp8-tp1-latency");
    assertThat(catalog.loadProblems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.field()).startsWith("env_vars");
              assertThat(p.message()).contains("[A-Za-z_][A-Za-z0-9_]*");
            });
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"'a;touch /tmp/x': 1", "'x$(id)': 1", "'max model len': 1", "'--': 1"})
  void aRecipeWhoseFlagNameIsNoFlagIsRefusedWhenTheCatalogLoads(String arg) throws IOException {
    write(
        "recipes/Qwen/Qwen3-32B/vllm-mi300x-bf16-tp1-latency.yaml",
        RecipeRulesTest.aim("", RecipeRulesTest.TP1 + "\n" + arg, ""));
    FileCatalog catalog = new FileCatalog(List.of(root), GpuCatalog.builtIn());

    assertThat(catalog.recipesFor("Qwen/Qwen3-32B")).hasSize(1);
    assertThat(catalog.loadProblems())
        .singleElement()
        .satisfies(p -> assertThat(p.field()).startsWith("engine_args"));
  }

  @Test
  void lowerCaseAndUnderscoreEnvNamesStillLoad() throws IOException {
    write(
        "recipes/Qwen/Qwen3-32B/vllm-mi300x-bf16-tp1-latency.yaml",
        RecipeRulesTest.aim("", RecipeRulesTest.TP1, "_my_var: '1'\nhttp_proxy: ''"));
    FileCatalog catalog = new FileCatalog(List.of(root), GpuCatalog.builtIn());

    assertThat(catalog.recipesFor("Qwen/Qwen3-32B")).hasSize(2);
    assertThat(catalog.loadProblems()).isEmpty();
  }

  private static String general(String gpu) {
    return "metadata: {engine: vllm, gpu: "
        + gpu
        + ", gpu_count: 1, precision: bf16, metric: latency, type: general,"
        + " manual_selection_only: false}\nengine_args: {tensor-parallel-size: 1}\nenv_vars: {}\n";
  }

  private void write(String rel, String text) throws IOException {
    Path f = root.resolve(rel);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
  }
}
