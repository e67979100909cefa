package io.aimengine.runtime.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimengine.core.AimException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Repo ids, file names and sizes as the cache accepts them. */
class NamesTest {
  @ParameterizedTest
  @CsvSource({
    "Qwen/Qwen3-32B, models--Qwen--Qwen3-32B",
    "gpt2, models--gpt2",
    "meta-llama/Llama-3.1-8B-Instruct, models--meta-llama--Llama-3.1-8B-Instruct"
  })
  void repoIdsMapToTheirCacheFolderAndBack(String id, String folder) {
    assertThat(RepoId.of(id).folderName()).isEqualTo(folder);
    assertThat(RepoId.fromFolderName(folder)).contains(RepoId.of(id));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a/b/c", "../etc", "org/..", "a--b/c", "/abs", "org/name with space"})
  void invalidRepoIdsAreRejected(String id) {
    assertThatThrownBy(() -> RepoId.of(id))
        .isInstanceOf(AimException.class)
        .hasMessageContaining("not a Hugging Face model id");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../x", "a/../../x", "/etc/passwd", "a//b", "a\\b", "./a"})
  void unsafeFileNamesFromTheHubAreRefused(String name) {
    assertThatThrownBy(() -> HubCache.checkFilename(name))
        .isInstanceOf(AimException.class)
        .hasMessageContaining("unsafe file name");
  }

  @Test
  void datasetFoldersAreNotModels() {
    assertThat(RepoId.fromFolderName("datasets--org--data")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "500G, 536870912000",
    "1.5T, 1649267441664",
    "800M, 838860800",
    "1024, 1024",
    "2gib, 2147483648"
  })
  void sizesParseInBinaryUnits(String text, long bytes) {
    assertThat(Bytes.parse(text, "--max-size")).isEqualTo(bytes);
  }

  @Test
  void badSizesNameTheFlag() {
    assertThatThrownBy(() -> Bytes.parse("lots", "--max-size"))
        .isInstanceOf(AimException.class)
        .hasMessageContaining("--max-size 'lots'");
  }

  @Test
  void sizesPrintInBinaryUnits() {
    assertThat(Bytes.human(512)).isEqualTo("512 B");
    assertThat(Bytes.human(1536)).isEqualTo("1.5 KiB");
    assertThat(Bytes.human(64L << 30)).isEqualTo("64.0 GiB");
    assertThat(Bytes.human(500L << 30)).isEqualTo("500 GiB");
  }
}
