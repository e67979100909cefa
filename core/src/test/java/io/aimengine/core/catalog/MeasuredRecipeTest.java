package io.aimengine.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.hardware.GpuCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Recipes of type {@code measured}: accepted with their figures, refused without them. */
class MeasuredRecipeTest {
  static final String MEASURED =
      """
        measured:
          hardware: 1x MI300X
          engine_version: '0.11.0'
          date: '2026-12-01'
          workload: chat, 512 input / 128 output tokens, concurrency 16
          objective: throughput
          figures:
            output_throughput: 2211.5
            p99_ttft_ms: 412.0
      """;

  static String recipe(String measuredBlock) {
    return RecipeRulesTest.aim("type=measured", "max-num-seqs: 64\n", "")
        .replace(
            "  manual_selection_only: false\n", "  manual_selection_only: false\n" + measuredBlock);
  }

  RecipeParser.Result parse(String yaml) {
    return new RecipeParser(GpuCatalog.builtIn()).parse("m.yaml", "m", yaml);
  }

  @Test
  void aMeasuredRecipeWithItsFiguresIsAccepted() {
    RecipeParser.Result r = parse(recipe(MEASURED));
    assertThat(r.problems()).isEmpty();
    assertThat(r.recipes()).singleElement().extracting(Recipe::type).isEqualTo(RecipeType.MEASURED);
  }

  @Test
  void aMeasuredRecipeWithoutFiguresIsAnError() {
    List<Problem> p = parse(recipe("")).problems();
    assertThat(p).extracting(Problem::field).contains("metadata.measured");
    List<Problem> q =
        parse(recipe(MEASURED.replace("    date: '2026-12-01'\n", "").replace("2211.5", "fast")))
            .problems();
    assertThat(q)
        .extracting(Problem::field)
        .contains("metadata.measured.date", "metadata.measured.figures.output_throughput");
  }
}
