package io.aimengine.runtime.cache;

import static io.aimengine.runtime.cache.CacheFixture.MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimengine.core.AimException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared caches are common, so a symbolic link planted inside one is not followed: a pull refuses
 * with a message naming the link, and writes nothing outside the cache.
 */
class CacheLinksTest {
  @TempDir Path tmp;
  @TempDir Path elsewhere;
  CacheFixture fx;

  @BeforeEach
  void start() throws Exception {
    fx = new CacheFixture(tmp.resolve("hub"));
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  private String etag(String file) {
    return fx.hub.blob(MODEL, fx.commit, file).etag();
  }

  @Test
  void anIncompleteFileThatIsALinkIsRefusedAndItsTargetUntouched() throws Exception {
    Path victim = elsewhere.resolve("victim");
    Files.writeString(victim, "precious");
    Path part = fx.layout().incomplete(RepoId.of(MODEL), etag("model-00001-of-00002.safetensors"));
    Files.createDirectories(part.getParent());
    Files.createSymbolicLink(part, victim);

    assertThatThrownBy(fx::pull)
        .isInstanceOf(AimException.class)
        .hasMessageContaining(part.toString())
        .hasMessageContaining("symbolic link");
    assertThat(Files.readString(victim)).isEqualTo("precious");
  }

  @Test
  void aBlobsDirectoryThatIsALinkIsRefused() throws Exception {
    Path repoDir = fx.layout().repoDir(RepoId.of(MODEL));
    Files.createDirectories(repoDir);
    Files.createSymbolicLink(repoDir.resolve("blobs"), elsewhere);

    assertThatThrownBy(fx::pull)
        .isInstanceOf(AimException.class)
        .hasMessageContaining("blobs")
        .hasMessageContaining("symbolic link");
    try (var files = Files.list(elsewhere)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aSnapshotDirectoryThatIsALinkIsRefused() throws Exception {
    Path snap = fx.layout().snapshotDir(RepoId.of(MODEL), fx.commit);
    Files.createDirectories(snap.getParent());
    Files.createSymbolicLink(snap, elsewhere);

    assertThatThrownBy(fx::pull)
        .isInstanceOf(AimException.class)
        .hasMessageContaining("symbolic link");
    try (var files = Files.list(elsewhere)) {
      assertThat(files).isEmpty();
    }
  }
}
