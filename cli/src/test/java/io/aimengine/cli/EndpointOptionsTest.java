package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimengine.core.AimException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EndpointOptionsTest {
  @Test
  void aLivenessPeriodOfZeroTurnsLivenessOffAsItsHelpSays() {
    EndpointOptions o = new EndpointOptions();
    o.livenessPeriod = "0";
    assertThat(o.liveness().period()).isEqualTo(Duration.ZERO);
  }

  @Test
  void aLivenessPeriodUnderOneSecondOtherThanZeroIsRefused() {
    EndpointOptions o = new EndpointOptions();
    o.livenessPeriod = "500ms";
    assertThatThrownBy(o::liveness)
        .isInstanceOf(AimException.class)
        .hasMessage("--liveness-period 500ms: expected 0 or 1s or more");
  }
}
