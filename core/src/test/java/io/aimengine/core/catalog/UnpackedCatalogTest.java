package io.aimengine.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.hardware.GpuCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unpacked copy of the built-in catalog that bin/aim-engine names with aim.catalog.dir. */
class UnpackedCatalogTest {
  @TempDir Path dir;

  @AfterEach
  void clear() {
    System.clearProperty(FileCatalog.UNPACKED_PROPERTY);
    System.clearProperty(FileCatalog.INDEX_PROPERTY);
  }

  /**
   * bin/aim-engine reads the checkout's recipes with the last build's index beside the jar: an
   * edited recipe counts at once (parsed, not taken from the older index), an unchanged one is the
   * indexed one, and a recipe added since the build is found.
   */
  @Test
  void aCheckoutReadWithTheLastBuildsIndexSeesEditsAndAdditions() throws IOException {
    Path built = dir.resolve("built");
    Path checkout = dir.resolve("checkout");
    String rel = "recipes/acme/Tiny/vllm-mi300x-fp16-tp1-latency.yaml";
    String other = "recipes/acme/Tiny/vllm-mi300x-fp16-tp1-throughput.yaml";
    for (Path root : List.of(built, checkout)) {
      write(root.resolve(rel), recipe("latency", 512));
      write(root.resolve(other), recipe("throughput", 256));
      Files.createDirectories(root.resolve("models"));
    }
    CatalogIndex.main(new String[] {built.toString()});
    assertThat(CatalogIndex.in(built).size()).isEqualTo(2);
    write(checkout.resolve(rel), recipe("latency", 64));
    write(
        checkout.resolve("recipes/acme/Tiny/vllm-mi300x-fp8-tp1-latency.yaml"),
        recipe("latency", 32).replace("precision: fp16", "precision: fp8"));
    System.setProperty(FileCatalog.UNPACKED_PROPERTY, checkout.toString());
    System.setProperty(FileCatalog.INDEX_PROPERTY, built.toString());

    FileCatalog catalog =
        FileCatalog.standard(
            new io.aimengine.core.config.Settings(
                java.util.Map.of("AIM_HOME", dir.resolve("home").toString()), dir));
    java.util.Map<String, Object> seqs = new java.util.TreeMap<>();
    catalog
        .recipesFor("acme/Tiny")
        .forEach(r -> seqs.put(r.id(), r.engineArgs().get("max-num-seqs")));

    assertThat(seqs)
        .containsEntry("acme/Tiny/vllm-mi300x-fp16-tp1-latency", 64L)
        .containsEntry("acme/Tiny/vllm-mi300x-fp16-tp1-throughput", 256L)
        .containsEntry("acme/Tiny/vllm-mi300x-fp8-tp1-latency", 32L)
        .hasSize(3);
    assertThat(catalog.loadProblems()).isEmpty();
  }

  /**
   * The build records the checkout's files' sizes and times: a plan trusts a file that still has
   * both without reading it (one stat instead of reading and hashing ~80 files). Shown by changing
   * the text behind the index's back, same length and time restored: the indexed text is what is
   * read; once the time moves, the file is read again.
   */
  @Test
  void anUnchangedCheckoutFileIsTakenByItsSizeAndTimeWithoutReadingIt() throws IOException {
    Path checkout = twoCopies();
    Path file = checkout.resolve(REL);
    java.nio.file.attribute.FileTime hourAgo =
        java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(3600));
    Files.setLastModifiedTime(file, hourAgo);
    CatalogIndex.main(new String[] {dir.resolve("built").toString(), checkout.toString()});

    write(file, recipe("latency", 999)); // same length as 512
    Files.setLastModifiedTime(file, hourAgo);
    assertThat(maxNumSeqs(checkout)).isEqualTo(512L);

    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
    assertThat(maxNumSeqs(checkout)).isEqualTo(999L);
  }

  /**
   * A file last changed within two seconds of the build could change again with the same time and
   * size (a file system's timestamps can be that coarse): its time is not recorded, and it is
   * checked by its text.
   */
  @Test
  void aFileChangedJustBeforeTheBuildIsCheckedByItsText() throws IOException {
    Path checkout = twoCopies();
    Path file = checkout.resolve(REL);
    java.nio.file.attribute.FileTime justNow =
        java.nio.file.attribute.FileTime.from(java.time.Instant.now());
    Files.setLastModifiedTime(file, justNow);
    CatalogIndex.main(new String[] {dir.resolve("built").toString(), checkout.toString()});

    write(file, recipe("latency", 999));
    Files.setLastModifiedTime(file, justNow);
    assertThat(maxNumSeqs(checkout)).isEqualTo(999L);
  }

  private static final String REL = "recipes/acme/Tiny/vllm-mi300x-fp16-tp1-latency.yaml";

  /** The built copy and the checkout of a one-recipe catalog; the checkout. */
  private Path twoCopies() throws IOException {
    Path checkout = dir.resolve("checkout");
    for (Path root : List.of(dir.resolve("built"), checkout)) {
      write(root.resolve(REL), recipe("latency", 512));
      Files.createDirectories(root.resolve("models"));
    }
    return checkout;
  }

  /** max-num-seqs of the one recipe, as a fresh command reads the checkout with the index. */
  private Object maxNumSeqs(Path checkout) {
    System.setProperty(FileCatalog.UNPACKED_PROPERTY, checkout.toString());
    System.setProperty(FileCatalog.INDEX_PROPERTY, dir.resolve("built").toString());
    FileCatalog catalog =
        FileCatalog.standard(
            new io.aimengine.core.config.Settings(
                java.util.Map.of("AIM_HOME", dir.resolve("home").toString()), dir));
    List<Recipe> recipes = catalog.recipesFor("acme/Tiny");
    assertThat(recipes).hasSize(1);
    assertThat(catalog.loadProblems()).isEmpty();
    return recipes.get(0).engineArgs().get("max-num-seqs");
  }

  private static void write(Path f, String text) throws IOException {
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
  }

  private static String recipe(String metric, int maxNumSeqs) {
    return """
        aim_id: acme/Tiny
        model_id: acme/Tiny
        metadata:
          engine: vllm
          gpu: MI300X
          gpu_count: 1
          manual_selection_only: false
          metric: %s
          precision: fp16
          type: optimized
        engine_args:
          max-num-seqs: %d
          tensor-parallel-size: 1
        """
        .formatted(metric, maxNumSeqs);
  }

  @Test
  void theNamedDirectoryIsTheBuiltInRootAndItsFilesShowAsCatalogPaths() throws IOException {
    Path bad = dir.resolve("recipes/acme/broken/bad.yaml");
    Files.createDirectories(bad.getParent());
    Files.writeString(bad, "metadata: [not, a, map\n");
    System.setProperty(FileCatalog.UNPACKED_PROPERTY, dir.toString());

    assertThat(FileCatalog.builtInRoot()).isEqualTo(dir.toAbsolutePath());
    FileCatalog catalog = new FileCatalog(List.of(FileCatalog.builtInRoot()), GpuCatalog.builtIn());
    catalog.recipesFor("acme/broken");
    assertThat(catalog.loadProblems())
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p.toString()).contains("catalog/recipes/acme/broken/bad.yaml"));
  }

  @Test
  void aDirectoryWithoutRecipesIsIgnored() {
    System.setProperty(FileCatalog.UNPACKED_PROPERTY, dir.toString());

    assertThat(FileCatalog.builtInRoot()).isNotEqualTo(dir.toAbsolutePath());
    assertThat(FileCatalog.builtInRoot().resolve("recipes")).isDirectory();
  }
}
