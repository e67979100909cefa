package io.aimengine.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimengine.core.AimException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the model cache location and the Hugging Face variables resolve. */
class SettingsHubTest {
  @TempDir Path home;

  private Settings with(String... kv) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      env.put(kv[i], kv[i + 1]);
    }
    return new Settings(env, home);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "nothing set       |                                   | /h/.aim-engine/cache   | /h/.aim-engine/cache/hub",
        "AIM_HOME only     | AIM_HOME=/srv/aim                 | /srv/aim/cache         | /srv/aim/cache/hub",
        "AIM_CACHE_DIR wins | AIM_CACHE_DIR=/workspace/model-cache,HF_HOME=/hf,HF_HUB_CACHE=/x/hub"
            + " | /workspace/model-cache | /workspace/model-cache/hub",
        "HF_HOME reused    | HF_HOME=/data/hf                  | /data/hf               | /data/hf/hub",
        "HF_HUB_CACHE named hub | HF_HUB_CACHE=/data/hf/hub,HF_HOME=/other | /data/hf | /data/hf/hub",
        "legacy name       | HUGGINGFACE_HUB_CACHE=/old/hub    | /old                   | /old/hub",
      })
  void cacheRootAndHubDirectoryFollowTheDocumentedPrecedence(
      String name, String vars, String root, String hub) {
    Map<String, String> env = new HashMap<>();
    if (vars != null) {
      for (String kv : vars.split(",")) {
        String[] p = kv.trim().split("=", 2);
        env.put(p[0], p[1]);
      }
    }
    Settings s = new Settings(env, Path.of("/h"));
    assertThat(s.cacheDir()).isEqualTo(Path.of(root));
    assertThat(s.hubCacheDir()).isEqualTo(Path.of(hub));
  }

  @Test
  void anHfHubCacheNotNamedHubIsReadableButCannotBeHandedToEnginesAsHfHome() {
    Settings s = with("HF_HUB_CACHE", "/models");
    assertThat(s.hubCacheDir()).isEqualTo(Path.of("/models"));
    assertThatThrownBy(s::cacheDir)
        .isInstanceOf(AimException.class)
        .hasMessageContaining("HF_HUB_CACHE=/models is not a directory named 'hub'")
        .hasMessageContaining("AIM_CACHE_DIR");
  }

  @Test
  void tokenComesFromHfTokenThenTheLegacyNameThenTheTokenFile() throws Exception {
    assertThat(with("HF_TOKEN", "a", "HUGGING_FACE_HUB_TOKEN", "b").hfToken()).contains("a");
    assertThat(with("HUGGING_FACE_HUB_TOKEN", "b").hfToken()).contains("b");
    Path hf = home.resolve(".cache/huggingface");
    Files.createDirectories(hf);
    Files.writeString(hf.resolve("token"), "hf_fromfile\n");
    assertThat(with().hfToken()).contains("hf_fromfile");
    Path custom = home.resolve("tok");
    Files.writeString(custom, "hf_custom");
    assertThat(with("HF_TOKEN_PATH", custom.toString()).hfToken()).contains("hf_custom");
    assertThat(with("HF_HOME", home.resolve("none").toString()).hfToken()).isEmpty();
  }

  @Test
  void endpointOfflineAndTimeoutsHaveHubDefaults() {
    Settings d = with();
    assertThat(d.hfEndpoint()).isEqualTo("https://huggingface.co");
    assertThat(d.hfOffline()).isFalse();
    assertThat(d.hfEtagTimeout()).isEqualTo(Duration.ofSeconds(10));
    Settings s =
        with(
            "HF_ENDPOINT",
            "https://mirror.example/",
            "HF_HUB_OFFLINE",
            "1",
            "HF_HUB_DOWNLOAD_TIMEOUT",
            "2.5");
    assertThat(s.hfEndpoint()).isEqualTo("https://mirror.example");
    assertThat(s.hfOffline()).isTrue();
    assertThat(s.hfDownloadTimeout()).isEqualTo(Duration.ofMillis(2500));
  }

  @Test
  void badValuesNameTheVariable() {
    assertThatThrownBy(() -> with("HF_ENDPOINT", "mirror.example").hfEndpoint())
        .hasMessageContaining("HF_ENDPOINT='mirror.example'");
    assertThatThrownBy(() -> with("HF_HUB_ETAG_TIMEOUT", "-1").hfEtagTimeout())
        .hasMessageContaining("HF_HUB_ETAG_TIMEOUT='-1'");
  }
}
