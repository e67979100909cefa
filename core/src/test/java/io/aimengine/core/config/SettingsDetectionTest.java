package io.aimengine.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimengine.core.AimException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsDetectionTest {
  private static Settings env(Map<String, String> m) {
    return new Settings(m, Path.of("/home/u"));
  }

  @Test
  void detectionDefaults() {
    Settings s = env(Map.of());

    assertThat(s.detectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.sysfsRoot()).isEqualTo(Path.of("/"));
    assertThat(s.rocmPath()).isEqualTo(Path.of("/opt/rocm"));
    assertThat(s.visibilityMask("HIP_VISIBLE_DEVICES")).isEmpty();
  }

  @Test
  void readsDetectionVariables() {
    Settings s =
        env(
            Map.of(
                "AIM_DETECT_TIMEOUT_MS", "250",
                "AIM_SYSFS_ROOT", "/tmp/node",
                "PATH", "/a::/b",
                "HIP_VISIBLE_DEVICES", ""));

    assertThat(s.detectTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(s.sysfsRoot()).isEqualTo(Path.of("/tmp/node"));
    assertThat(s.executablePath()).containsExactly(Path.of("/a"), Path.of("/b"));
    assertThat(s.visibilityMask("HIP_VISIBLE_DEVICES"))
        .as("set but empty is not unset")
        .hasValue("");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-5", "3s", "fast"})
  void badTimeoutIsInvalidInputNamingTheVariable(String v) {
    assertThatThrownBy(() -> env(Map.of("AIM_DETECT_TIMEOUT_MS", v)).detectTimeout())
        .isInstanceOf(AimException.class)
        .hasMessageStartingWith("AIM_DETECT_TIMEOUT_MS='" + v + "'");
  }
}
