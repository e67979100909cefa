package io.aimengine.core.catalog;

import io.aimengine.core.hardware.GpuCatalog;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/** Catalogs and paths the catalog tests share. */
final class TestCatalogs {
  private TestCatalogs() {}

  /** The catalog shipped in the core jar (recipes/ and models/ at the repository root). */
  static FileCatalog builtIn() {
    return new FileCatalog(List.of(FileCatalog.builtInRoot()), GpuCatalog.builtIn());
  }

  static CatalogValidator validator() {
    return new CatalogValidator(GpuCatalog.builtIn(), builtIn());
  }

  /** A test resource directory or file as a path. */
  static Path resource(String name) {
    try {
      return Path.of(TestCatalogs.class.getResource(name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing test resource " + name, e);
    }
  }
}
