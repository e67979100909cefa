package io.aimengine.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.hardware.GpuCatalog;
import io.aimengine.core.hardware.GpuSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The shipped fallbacks (recipes/general): every GPU in gpus.csv x supported precision x TP 1/2/4/8
 * x metric has one, what GeneralRecipeGenerator produces is what is committed, and all validate
 * cleanly.
 */
class GeneralRecipesTest {
  private static final GpuCatalog GPUS = GpuCatalog.builtIn();

  @Test
  void everyGpuHasAFallbackForEachSupportedPrecisionTensorParallelSizeAndMetric() {
    FileCatalog catalog = TestCatalogs.builtIn();
    for (GpuSpec gpu : GPUS.all()) {
      List<Recipe> general = catalog.generalRecipes(gpu.name());
      for (GeneralRecipeGenerator.Combo c : GeneralRecipeGenerator.combos(GPUS)) {
        if (!c.gpu().equals(gpu)) {
          continue;
        }
        assertThat(general)
            .as(c.path())
            .anySatisfy(
                r -> {
                  assertThat(r.engine()).isEqualTo(c.engine());
                  assertThat(r.precision()).isEqualTo(c.precision());
                  assertThat(r.gpuCount()).isEqualTo(c.tp());
                  assertThat(r.metric()).isEqualTo(c.metric());
                  assertThat(r.type()).isEqualTo(RecipeType.GENERAL);
                  assertThat(r.manualSelectionOnly()).isFalse();
                });
      }
      assertThat(general).as(gpu.name()).allMatch(r -> r.gpu().equals(gpu.name()));
    }
  }

  @Test
  void fp8FallbacksExistOnlyWhereTheGpuHasFp8() {
    FileCatalog catalog = TestCatalogs.builtIn();
    for (GpuSpec gpu : GPUS.all()) {
      boolean anyFp8 =
          catalog.generalRecipes(gpu.name()).stream()
              .anyMatch(r -> r.precision() == io.aimengine.core.model.Precision.FP8);
      assertThat(anyFp8).as(gpu.name()).isEqualTo(gpu.fp8());
    }
  }

  @Test
  void sglangFallbacksCoverMi300ClassAndHopper() {
    FileCatalog catalog = TestCatalogs.builtIn();
    for (String gpu : List.of("MI300X", "MI325X", "MI355X", "H100", "H200")) {
      assertThat(catalog.generalRecipes(gpu))
          .as(gpu)
          .anyMatch(r -> r.engine() == EngineKind.SGLANG);
    }
  }

  @Test
  void committedFilesAreWhatTheGeneratorProduces() throws IOException {
    Path general = FileCatalog.builtInRoot().resolve("recipes/general");
    for (GeneralRecipeGenerator.GeneratedFile f : GeneralRecipeGenerator.generate(GPUS)) {
      Path p = general.resolve(f.path());
      assertThat(p).as(f.path() + " (re-run GeneralRecipeGenerator)").exists();
      assertThat(Files.readString(p, StandardCharsets.UTF_8)).as(f.path()).isEqualTo(f.text());
    }
  }

  @Test
  void everyGeneralRecipeValidatesWithoutProblems() {
    Path general = FileCatalog.builtInRoot().resolve("recipes/general");
    CatalogValidator.Report report = TestCatalogs.validator().validate(List.of(general));

    // Other general recipes (llama.cpp on CPU) may live beside the generated ones.
    assertThat(report.recipes()).isGreaterThanOrEqualTo(GeneralRecipeGenerator.combos(GPUS).size());
    assertThat(report.problems()).isEmpty();
  }

  @Test
  void environmentMatchesTheArchitecture() {
    FileCatalog catalog = TestCatalogs.builtIn();
    for (GpuSpec gpu : GPUS.all()) {
      for (Recipe r : catalog.generalRecipes(gpu.name())) {
        if (GeneralRecipeGenerator.providedByAmd(
            new GeneralRecipeGenerator.Combo(
                r.engine(), gpu, r.precision(), r.gpuCount(), r.metric()))) {
          continue; // AMD's own profiles, copied unchanged
        }
        boolean aiter = r.env().keySet().stream().anyMatch(k -> k.contains("AITER"));
        assertThat(aiter).as(r.id()).isEqualTo(gpu.isAmd() && !gpu.target().equals("gfx90a"));
        if (!gpu.isAmd()) {
          assertThat(r.env()).as(r.id()).isEmpty();
        }
        if (r.gpuCount() == 1) {
          assertThat(r.env()).as(r.id()).doesNotContainKey("NCCL_MIN_NCHANNELS");
        }
      }
    }
  }

  /**
   * Rewrites recipes/general from the generator: {@code mvn25 -o -q -pl core test
   * -Dtest=GeneralRecipesTest#regenerate -Daim.regenerate=../recipes/general}.
   */
  @Test
  @EnabledIfSystemProperty(named = "aim.regenerate", matches = ".+")
  void regenerate() throws IOException {
    Path out = Path.of(System.getProperty("aim.regenerate"));
    assertThat(out.getFileName().toString().toLowerCase(Locale.ROOT)).isEqualTo("general");
    for (GeneralRecipeGenerator.GeneratedFile f : GeneralRecipeGenerator.generate(GPUS)) {
      Path p = out.resolve(f.path());
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.text(), StandardCharsets.UTF_8);
    }
  }
}
