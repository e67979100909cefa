package io.aimengine.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimengine.core.AimException;
import io.aimengine.core.hardware.GpuCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile catalog files (a huge scalar, deep nesting, an alias bomb) are refused by size and shape
 * before the YAML parser spends time and memory on them, with one problem naming the file.
 */
class CatalogFileLimitsTest {
  @TempDir Path root;

  private Path write(String rel, String text) throws IOException {
    Path f = root.resolve(rel);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
    return f;
  }

  private static String hugeScalar(int bytes) {
    return "aim_id: Qwen/Qwen3-32B\nmodel_id: " + "x".repeat(bytes) + "\n";
  }

  @Test
  void aRecipeFileLargerThanTheCapIsRefusedBeforeParsing() throws IOException {
    write("recipes/Qwen/Qwen3-32B/huge.yaml", hugeScalar(Yaml.MAX_FILE_BYTES + 1));
    FileCatalog catalog = new FileCatalog(List.of(root), GpuCatalog.builtIn());

    assertThat(catalog.recipesFor("Qwen/Qwen3-32B")).isEmpty();
    assertThat(catalog.loadProblems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("larger than").contains("1 MiB"));
  }

  @Test
  void aModelFileLargerThanTheCapIsInvalidInput() throws IOException {
    write("models/Qwen/Qwen3-32B.yaml", hugeScalar(Yaml.MAX_FILE_BYTES + 1));
    FileCatalog catalog = new FileCatalog(List.of(root), GpuCatalog.builtIn());

    assertThatThrownBy(() -> catalog.model("Qwen/Qwen3-32B"))
        .isInstanceOf(AimException.class)
        .hasMessageContaining("Qwen3-32B.yaml")
        .hasMessageContaining("larger than");
  }

  @Test
  void aHugeModelFileSearchedForVariantsIsInvalidInputNotReadWhole() throws IOException {
    // Variant lookup scans model files whose text names the id: an oversized one under another
    // name must be refused by its size, not read into memory whole.
    write("models/acme/Other.yaml", hugeScalar(Yaml.MAX_FILE_BYTES * 8));
    FileCatalog catalog = new FileCatalog(List.of(root), GpuCatalog.builtIn());

    assertThatThrownBy(() -> catalog.model("acme/Chat-32B-FP8"))
        .isInstanceOf(AimException.class)
        .hasMessageContaining("Other.yaml")
        .hasMessageContaining("larger than");
  }

  @Test
  void validateRefusesTheHugeFileWithOneProblem() throws IOException {
    Path f = write("recipes/Qwen/Qwen3-32B/huge.yaml", hugeScalar(Yaml.MAX_FILE_BYTES + 1));
    var validator =
        new CatalogValidator(
            GpuCatalog.builtIn(), new FileCatalog(List.of(root), GpuCatalog.builtIn()));

    assertThat(validator.validate(List.of(f)).problems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("larger than"));
  }

  @Test
  void deeplyNestedYamlIsRefusedAsAProblemNotAStackOverflow() throws IOException {
    int depth = 5000;
    write(
        "recipes/Qwen/Qwen3-32B/deep.yaml",
        "aim_id: Qwen/Qwen3-32B\nengine_args: " + "[".repeat(depth) + "]".repeat(depth) + "\n");
    FileCatalog catalog = new FileCatalog(List.of(root), GpuCatalog.builtIn());

    assertThat(catalog.recipesFor("Qwen/Qwen3-32B")).isEmpty();
    assertThat(catalog.loadProblems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("not valid YAML").contains("nest"));
  }

  @Test
  void aBillionLaughsAliasBombIsRefused() throws IOException {
    StringBuilder y = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 12; i++) {
      y.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 10; j++) {
        y.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      y.append("]\n");
    }
    write("recipes/Qwen/Qwen3-32B/bomb.yaml", y.toString());
    FileCatalog catalog = new FileCatalog(List.of(root), GpuCatalog.builtIn());

    assertThat(catalog.recipesFor("Qwen/Qwen3-32B")).isEmpty();
    assertThat(catalog.loadProblems()).singleElement();
  }

  @Test
  void aScalarLongerThanTheStringCapIsRefusedFromText() {
    assertThatThrownBy(() -> Yaml.read(hugeScalar(Yaml.MAX_FILE_BYTES + 1)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("larger than");
  }
}
