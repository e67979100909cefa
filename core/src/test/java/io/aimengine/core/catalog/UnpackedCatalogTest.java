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
