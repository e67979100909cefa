package io.aimengine.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.hardware.GpuCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * AMD's published AIM profiles (aim-build tag 0.9, copied into test resources with their licence)
 * load unchanged and validate without errors; the only warnings are for flags and variables later
 * engine versions removed.
 */
class AimProfilesTest {
  private static final Path PROFILES = TestCatalogs.resource("/fixtures/aim-build/profiles");

  @Test
  void everyAimProfileLoadsIntoExactlyOneRecipeWithoutStructuralProblems() throws IOException {
    List<Path> files = yamlFiles();
    RecipeParser parser = new RecipeParser(GpuCatalog.builtIn());
    assertThat(files).hasSize(110);
    for (Path f : files) {
      RecipeParser.Result r =
          parser.parse(f.toString(), "x", Files.readString(f, StandardCharsets.UTF_8));
      assertThat(r.problems()).as(f.toString()).isEmpty();
      assertThat(r.recipes()).as(f.toString()).hasSize(1);
    }
  }

  @Test
  void everyAimProfileValidatesWithNoErrorsAndOnlyRemovedFlagWarnings() {
    CatalogValidator.Report report = TestCatalogs.validator().validate(List.of(PROFILES));

    assertThat(report.files()).isEqualTo(110);
    assertThat(report.recipes()).isEqualTo(110);
    assertThat(report.problems().stream().filter(Problem::isError)).isEmpty();
    assertThat(report.problems())
        .allSatisfy(
            p ->
                assertThat(p.message())
                    .containsAnyOf("removed in", "no longer read", "no longer accepted"));
    // The removed flags the brief names are among them, with their versions.
    assertThat(report.problems())
        .anySatisfy(
            p -> {
              assertThat(p.field()).isEqualTo("engine_args.swap-space");
              assertThat(p.message()).contains("removed in vLLM 0.18.0");
            })
        .anySatisfy(
            p -> {
              assertThat(p.field()).isEqualTo("engine_args.max-seq-len-to-capture");
              assertThat(p.message()).contains("removed in vLLM 0.11.0");
            });
  }

  @Test
  void nullEngineArgumentValuesAreBareFlags() throws IOException {
    Path f = PROFILES.resolve("Qwen/Qwen3-32B/vllm-mi300x-fp8-tp1-latency.yaml");
    Recipe r =
        new RecipeParser(GpuCatalog.builtIn())
            .parse(f.toString(), "Qwen/Qwen3-32B/x", Files.readString(f))
            .recipes()
            .get(0);

    assertThat(r.engineArgs()).containsEntry("no-enable-prefix-caching", null);
    assertThat(r.servedModel()).isEqualTo("Qwen/Qwen3-32B-FP8");
    assertThat(r.modelId()).isEqualTo("Qwen/Qwen3-32B");
  }

  private static List<Path> yamlFiles() throws IOException {
    try (Stream<Path> s = Files.walk(PROFILES)) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }
}
