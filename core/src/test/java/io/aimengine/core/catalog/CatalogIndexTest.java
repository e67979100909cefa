package io.aimengine.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.AimException;
import io.aimengine.core.hardware.GpuCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build-time catalog index: what it holds is what parsing the YAML gives, for every shipped
 * file, and a file that changed after the index was built is parsed instead.
 */
class CatalogIndexTest {
  private static final GpuCatalog GPUS = GpuCatalog.builtIn();

  @TempDir Path dir;

  /** Every YAML file under root, as its path under root ("recipes/...", "models/..."). */
  private static List<String> yamlFiles(Path root) throws IOException {
    List<String> out = new ArrayList<>();
    for (String sub : List.of("recipes", "models")) {
      try (Stream<Path> s = Files.walk(root.resolve(sub))) {
        s.filter(Files::isRegularFile)
            .filter(FileCatalog::isYaml)
            .sorted()
            .forEach(f -> out.add(root.relativize(f).toString().replace('\\', '/')));
      }
    }
    return out;
  }

  /**
   * Equal as records, and equal as text: record equality ignores the order of map entries, which
   * the engine's argv keeps.
   */
  private static void assertSame(Object indexed, Object parsed, String file) {
    assertThat(indexed).as(file).isEqualTo(parsed);
    assertThat(String.valueOf(indexed)).as(file).isEqualTo(String.valueOf(parsed));
  }

  /** Checks {@code index} against parsing every YAML file under {@code root}; returns how many. */
  private static int assertMatchesParsing(CatalogIndex index, Path root) throws IOException {
    RecipeParser parser = new RecipeParser(GPUS);
    int checked = 0;
    for (String rel : yamlFiles(root)) {
      String text = Yaml.readFile(root.resolve(rel));
      String display = "catalog/" + rel;
      if (rel.startsWith("recipes/")) {
        String idBase = FileCatalog.idBase(rel.substring("recipes/".length()));
        Optional<RecipeParser.Result> indexed = index.recipes(rel, idBase, text);
        assertThat(indexed).as(rel).isPresent();
        assertSame(indexed.get(), parser.parse(display, idBase, text), rel);
      } else {
        ModelEntry parsed;
        try {
          parsed = ModelFileParser.parse(display, text);
        } catch (AimException e) {
          assertThat(index.model(rel, text)).as(rel + " does not parse").isEmpty();
          continue;
        }
        Optional<ModelEntry> indexed = index.model(rel, text);
        assertThat(indexed).as(rel).isPresent();
        assertSame(indexed.get(), parsed, rel);
      }
      checked++;
    }
    return checked;
  }

  @Test
  void theShippedIndexHoldsWhatParsingEveryCatalogFileGives() throws IOException {
    Path root = FileCatalog.builtInRoot();
    CatalogIndex shipped = CatalogIndex.in(root);

    int checked = assertMatchesParsing(shipped, root);

    assertThat(checked).isGreaterThan(800);
    assertThat(shipped.size()).isEqualTo(checked);
  }

  @Test
  void anIndexBuiltNowFromTheCatalogEqualsTheShippedOne() throws IOException {
    Path root = FileCatalog.builtInRoot();
    // The build indexed the checkout this module lives in, as of the time it wrote in the index.
    Path checkout = Path.of("").toAbsolutePath().getParent();
    long asOf = CatalogIndex.in(root).asOf();

    assertThat(asOf).isPositive();
    assertThat(CatalogIndex.buildBytes(root, GPUS, checkout, asOf))
        .isEqualTo(Files.readAllBytes(root.resolve(CatalogIndex.FILE)));
  }

  private Path recipe(String rel, String text) throws IOException {
    Path f = dir.resolve(rel);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
    return f;
  }

  private static final String PROFILE =
      """
      aim_id: acme/m
      model_id: acme/m
      metadata:
        engine: vllm
        gpu: MI300X
        precision: fp16
        gpu_count: %d
        manual_selection_only: false
        metric: latency
        type: optimized
      engine_args:
        max-model-len: 8192
        compilation-config: {"cudagraph_mode": "FULL"}
        enable-chunked-prefill: true
        gpu-memory-utilization: 0.9
      env_vars:
        VLLM_ROCM_USE_AITER: "1"
      """;

  private static final String MODEL =
      """
      id: acme/m
      family: m
      size: 8B
      parameters: 8000000000
      weights:
        precision: bf16
        bytes: %d
      """;

  private FileCatalog indexedCatalog(CatalogIndex index) {
    return new FileCatalog(List.of(dir), GPUS, dir, () -> index);
  }

  @Test
  void aFileWhoseTextIsTheIndexedTextIsTakenFromTheIndex() throws IOException {
    recipe("recipes/acme/m/vllm-mi300x-fp16-tp1-latency.yaml", PROFILE.formatted(1));
    recipe("models/acme/m.yaml", MODEL.formatted(16_000_000_000L));
    // An index whose parses differ from the files' (as if built from other files, same text):
    // what the catalog returns shows which one it used.
    Path other = Files.createTempDirectory(dir.getParent(), "other");
    try {
      Files.createDirectories(other.resolve("recipes/acme/m"));
      Files.createDirectories(other.resolve("models/acme"));
      Files.writeString(
          other.resolve("recipes/acme/m/vllm-mi300x-fp16-tp1-latency.yaml"), PROFILE.formatted(2));
      Files.writeString(other.resolve("models/acme/m.yaml"), MODEL.formatted(17_000_000_000L));
      CatalogIndex built = CatalogIndex.build(other, GPUS);
      String recipeText =
          Files.readString(dir.resolve("recipes/acme/m/vllm-mi300x-fp16-tp1-latency.yaml"));
      String modelText = Files.readString(dir.resolve("models/acme/m.yaml"));
      String recipeRel = "recipes/acme/m/vllm-mi300x-fp16-tp1-latency.yaml";
      String modelRel = "models/acme/m.yaml";
      CatalogIndex doctored =
          CatalogIndex.of(
              Map.of(
                  recipeRel,
                  built
                      .recipes(
                          recipeRel,
                          "acme/m/vllm-mi300x-fp16-tp1-latency",
                          Files.readString(other.resolve(recipeRel)))
                      .orElseThrow(),
                  modelRel,
                  built.model(modelRel, Files.readString(other.resolve(modelRel))).orElseThrow()),
              Map.of(recipeRel, recipeText, modelRel, modelText),
              Map.of(recipeRel, "acme/m/vllm-mi300x-fp16-tp1-latency"));

      FileCatalog catalog = indexedCatalog(doctored);

      assertThat(catalog.recipesFor("acme/m"))
          .singleElement()
          .extracting(Recipe::gpuCount)
          .isEqualTo(2);
      assertThat(catalog.model("acme/m").orElseThrow().facts().weightBytes())
          .isEqualTo(17_000_000_000L);
    } finally {
      try (Stream<Path> s = Files.walk(other)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void aRecipeWithMeasuredFiguresKeepsThemThroughAnIndexedCatalog() throws IOException {
    recipe(
        "recipes/acme/m/vllm-mi300x-fp16-tp1-latency.yaml",
        PROFILE
            .formatted(1)
            .replace(
                "  type: optimized\n",
                "  type: optimized\n"
                    + "  measured:\n"
                    + "    hardware: 1x MI300X\n"
                    + "    engine_version: '0.11.0'\n"
                    + "    date: '2026-12-01'\n"
                    + "    workload: {api: chat, input_tokens: 512, output_tokens: 128,"
                    + " concurrency: 16}\n"
                    + "    figures: {output_throughput: 2000.0}\n"));
    CatalogIndex index = CatalogIndex.build(dir, GPUS);
    assertThat(indexedCatalog(index).recipesFor("acme/m"))
        .singleElement()
        .satisfies(
            r -> assertThat(r.measured().figures()).containsEntry("output_throughput", 2000.0));
  }

  @Test
  void aFileChangedAfterTheIndexWasBuiltIsParsed() throws IOException {
    Path r = recipe("recipes/acme/m/vllm-mi300x-fp16-tp1-latency.yaml", PROFILE.formatted(1));
    Path m = recipe("models/acme/m.yaml", MODEL.formatted(16_000_000_000L));
    CatalogIndex index = CatalogIndex.build(dir, GPUS);
    Files.writeString(r, PROFILE.formatted(2));
    Files.writeString(m, MODEL.formatted(17_000_000_000L));

    FileCatalog catalog = indexedCatalog(index);

    assertThat(catalog.recipesFor("acme/m"))
        .singleElement()
        .extracting(Recipe::gpuCount)
        .isEqualTo(2);
    assertThat(catalog.model("acme/m").orElseThrow().facts().weightBytes())
        .isEqualTo(17_000_000_000L);
  }

  @Test
  void anIndexedCatalogAnswersAsTheSameCatalogParsed() throws IOException {
    recipe("recipes/acme/m/vllm-mi300x-fp16-tp1-latency.yaml", PROFILE.formatted(1));
    recipe("recipes/acme/m/broken.yaml", "metadata: [not, a, map\n");
    recipe("models/acme/m.yaml", MODEL.formatted(16_000_000_000L));
    CatalogIndex index = CatalogIndex.build(dir, GPUS);
    assertThat(index.size()).isEqualTo(3);

    FileCatalog indexed = indexedCatalog(index);
    FileCatalog parsed = new FileCatalog(List.of(dir), GPUS, dir, () -> CatalogIndex.EMPTY);

    assertSame(indexed.recipesFor("acme/m"), parsed.recipesFor("acme/m"), "recipes");
    assertSame(indexed.model("acme/m"), parsed.model("acme/m"), "model");
    assertSame(indexed.loadProblems(), parsed.loadProblems(), "problems");
    assertThat(indexed.loadProblems())
        .singleElement()
        .satisfies(p -> assertThat(p.file()).isEqualTo("catalog/recipes/acme/m/broken.yaml"));
  }

  /**
   * The index writes these records field by field: a field added to one of them must be added to
   * CatalogIndex's Writer and Reader too (a record's convenience constructor would otherwise let
   * the Reader compile and drop the new field).
   */
  @Test
  void theIndexKnowsEveryFieldOfTheRecordsItStores() {
    Map<Class<?>, Integer> written =
        Map.of(
            Recipe.class, 15,
            RecipeSource.class, 3,
            Measurement.class, 7,
            Problem.class, 4,
            ModelEntry.class, 9,
            ModelEntry.Variant.class, 3,
            io.aimengine.core.model.ModelFacts.class, 9,
            io.aimengine.core.model.Architecture.class, 13,
            io.aimengine.core.model.Architecture.Moe.class, 5,
            io.aimengine.core.model.Architecture.Mla.class, 2);
    written.forEach(
        (type, fields) ->
            assertThat(type.getRecordComponents())
                .as("%s: CatalogIndex writes %d fields", type.getSimpleName(), fields)
                .hasSize(fields));
  }

  @Test
  void aMissingOrDamagedIndexFileIsNoIndex() throws IOException {
    assertThat(CatalogIndex.in(dir).size()).isZero();
    Files.write(dir.resolve(CatalogIndex.FILE), new byte[] {1, 2, 3});
    assertThat(CatalogIndex.in(dir).size()).isZero();
  }
}
