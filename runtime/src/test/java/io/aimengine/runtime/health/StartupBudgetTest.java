package io.aimengine.runtime.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StartupBudgetTest {
  @ParameterizedTest(name = "{0} GiB → {1} s")
  @CsvSource({"0, 90", "1, 100", "64, 730", "640, 6490", "2000, 7200"})
  void budgetIsNinetySecondsPlusTenPerGibCappedAtTwoHours(double gib, long seconds) {
    long bytes = Math.round(gib * 1024 * 1024 * 1024);
    assertThat(StartupBudget.forWeights(bytes)).isEqualTo(Duration.ofSeconds(seconds));
  }
}
