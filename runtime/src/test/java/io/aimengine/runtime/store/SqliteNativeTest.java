package io.aimengine.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.util.OSInfo;

class SqliteNativeTest {
  @TempDir Path home;

  @Test
  void theLibraryIsExtractedOnceAndLaterRunsFindItWithoutAskingThePlatformFolder()
      throws Exception {
    AtomicInteger asked = new AtomicInteger();
    Supplier<String> folder =
        () -> {
          asked.incrementAndGet();
          return OSInfo.getNativeLibFolderPathForCurrentOS();
        };

    Path first = SqliteNative.locate(home, folder).orElseThrow();
    assertThat(first).isRegularFile().startsWith(home.resolve("native"));
    assertThat(Files.size(first)).isPositive();
    assertThat(asked).hasValue(1);

    Path again = SqliteNative.locate(home, folder).orElseThrow();
    assertThat(again).isEqualTo(first);
    assertThat(asked).as("the folder (OSInfo runs uname) is asked only to extract").hasValue(1);
  }

  @Test
  void theDriversTempDirectoryIsTheLibrarysOwnSoItsStartUpCleanUpListsOneFile() throws Exception {
    Path lib = SqliteNative.locate(home, OSInfo::getNativeLibFolderPathForCurrentOS).orElseThrow();

    var p = SqliteNative.properties(lib);

    assertThat(p)
        .containsEntry("org.sqlite.lib.path", lib.getParent().toString())
        .containsEntry("org.sqlite.lib.name", lib.getFileName().toString())
        .containsEntry("org.sqlite.tmpdir", lib.getParent().toString());
    try (var files = Files.list(lib.getParent())) {
      assertThat(files.toList()).containsExactly(lib);
    }
  }

  @Test
  void aPlatformWithoutALibraryInTheJarLeavesTheChoiceToTheDriver() {
    assertThat(SqliteNative.locate(home, () -> "NoSuchOS/none")).isEmpty();
  }
}
