package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimengine.core.AimException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {
  @ParameterizedTest
  @CsvSource({"90, 90000", "90s, 90000", "500ms, 500", "20m, 1200000", "1h, 3600000"})
  void parsesSecondsAndUnits(String text, long millis) {
    assertThat(Durations.parse(text, "--timeout")).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @CsvSource({"abc", "-5", "1d", "0", "5 m"})
  void rejectsAnythingElseNamingTheFlag(String text) {
    assertThatThrownBy(() -> Durations.parse(text, "--timeout"))
        .isInstanceOf(AimException.class)
        .hasMessageStartingWith("--timeout '" + text + "'");
  }

  @Test
  void humanFormIsCompact() {
    assertThat(Durations.human(Duration.ofSeconds(42))).isEqualTo("42s");
    assertThat(Durations.human(Duration.ofSeconds(725))).isEqualTo("12m 05s");
    assertThat(Durations.human(Duration.ofSeconds(11040))).isEqualTo("3h 04m");
  }
}
