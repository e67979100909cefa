package io.aimengine.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.hardware.GpuCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltInResourcesTest {
  @TempDir Path dir;

  @AfterEach
  void clear() {
    System.clearProperty(BuiltInResources.DIR_PROPERTY);
  }

  private static String read(Class<?> anchor, String name) throws IOException {
    try (InputStream in = BuiltInResources.open(anchor, name)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String classPath(Class<?> anchor, String name) throws IOException {
    try (InputStream in = anchor.getResourceAsStream(name)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void withoutTheDirectoryTheClassPathAnswers() throws IOException {
    assertThat(read(GpuCatalog.class, "gpus.csv"))
        .isEqualTo(classPath(GpuCatalog.class, "gpus.csv"));
    assertThat(read(GpuCatalog.class, "no-such.csv")).isNull();
  }

  @Test
  void theDirectoryAnswersByTheClassPathsNamesRelativeAndAbsolute() throws IOException {
    Files.createDirectories(dir.resolve("io/aimengine/core/hardware"));
    Files.writeString(dir.resolve("io/aimengine/core/hardware/gpus.csv"), "from the directory");
    Files.createDirectories(dir.resolve("catalog/images"));
    Files.writeString(dir.resolve("catalog/images/engine-images.tsv"), "images");
    System.setProperty(BuiltInResources.DIR_PROPERTY, dir.toString());

    assertThat(read(GpuCatalog.class, "gpus.csv")).isEqualTo("from the directory");
    assertThat(read(GpuCatalog.class, "/catalog/images/engine-images.tsv")).isEqualTo("images");
    // A file the directory lacks still comes from the class path.
    assertThat(read(GpuCatalog.class, "amd-pci-ids.csv"))
        .isEqualTo(classPath(GpuCatalog.class, "amd-pci-ids.csv"))
        .isNotNull();
  }
}
