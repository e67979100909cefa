package io.aimengine.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimengine.core.AimException;
import io.aimengine.core.engine.ContainerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MountAccessTest {
  @TempDir Path dir;

  private static ContainerSpec mounting(Path source) {
    return new ContainerSpec(
        "n",
        "localhost/aim-engine-cpu:1",
        true,
        List.of("llama-server"),
        List.of(),
        Map.of(),
        List.of(),
        List.of(),
        false,
        0,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(new ContainerSpec.Mount(source.toString(), "/workspace/model", true)),
        Map.of());
  }

  private Path model(String mode) throws Exception {
    Path d = Files.createDirectories(dir.resolve("m-" + mode));
    Files.setPosixFilePermissions(d, PosixFilePermissions.fromString(mode));
    return d;
  }

  @ParameterizedTest
  @CsvSource({
    "'',true",
    "root,true",
    "0,true",
    "0:0,true",
    "root:root,true",
    "aim,false",
    "999,false"
  })
  void onlyRootReadsWhateverItIsGiven(String user, boolean root) {
    assertThat(MountAccess.root(user)).isEqualTo(root);
  }

  @Test
  void aNonRootImageCannotReadAModelDirectoryOnlyItsOwnerMayEnter() throws Exception {
    Path closed = model("rwx------");
    assertThatThrownBy(() -> MountAccess.check(mounting(closed), "aim"))
        .isInstanceOf(AimException.class)
        .hasMessageContaining("runs as user 'aim', not root: it cannot read " + closed)
        .hasMessageContaining("rwx------")
        .hasMessageContaining("chmod o+rX");
  }

  @Test
  void aReadableDirectoryOrARootImagePasses() throws Exception {
    assertThatCode(() -> MountAccess.check(mounting(model("rwxr-xr-x")), "aim"))
        .doesNotThrowAnyException();
    assertThatCode(() -> MountAccess.check(mounting(model("rwx------")), ""))
        .doesNotThrowAnyException();
  }
}
