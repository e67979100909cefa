package io.aimengine.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.hardware.GpuCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recipes for a model given as a local path live under {@code recipes/local/<name>/} and apply to
 * the exact path their {@code model_id} names.
 */
class LocalModelRecipesTest {
  @TempDir Path root;

  @Test
  void recipesUnderLocalNameApplyOnlyToThePathTheyName() throws Exception {
    assertThat(FileCatalog.localRecipeDir("/models/tiny.gguf")).isEqualTo("local/tiny");
    assertThat(FileCatalog.localRecipeDir("/models/My Model")).isEqualTo("local/My-Model");
    Path dir = root.resolve("recipes/local/tiny");
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("measured-llamacpp-cpu-fp16-throughput.yaml"),
        RecipeRulesTest.aim(
                "aim_id=/models/tiny.gguf;engine=llamacpp;gpu=CPU;gpu_count=0;precision=fp16;"
                    + "metric=throughput;type=measured",
                "parallel: 2\n",
                "")
            .replace(
                "  manual_selection_only: false\n",
                "  manual_selection_only: false\n" + MeasuredRecipeTest.MEASURED));
    FileCatalog c = new FileCatalog(List.of(root), GpuCatalog.builtIn());
    assertThat(c.recipesFor("/models/tiny.gguf"))
        .extracting(Recipe::id)
        .containsExactly("local/tiny/measured-llamacpp-cpu-fp16-throughput");
    assertThat(c.recipesFor("/elsewhere/tiny.gguf")).isEmpty();
    assertThat(c.recipe("local/tiny/measured-llamacpp-cpu-fp16-throughput")).isPresent();
  }
}
