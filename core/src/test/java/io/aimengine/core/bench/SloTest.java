package io.aimengine.core.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimengine.core.AimException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SloTest {
  @Test
  void parsesVllmGoodputPairs() {
    Slo s = Slo.parse("--goodput", List.of("ttft:500", "tpot:50.5", "e2el:2000"));
    assertThat(s.limitsMs()).containsEntry("ttft", 500.0).containsEntry("tpot", 50.5);
    assertThat(s).hasToString("ttft:500 tpot:50.5 e2el:2000");
    assertThat(s.met(500, 50.5, 2000)).isTrue();
    assertThat(s.met(500.1, 1, 1)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ttft", "itl:5", "ttft:abc", "tpot:-1", ":4"})
  void rejectsBadPairsNamingTheFlag(String pair) {
    assertThatThrownBy(() -> Slo.parse("--goodput", List.of(pair)))
        .isInstanceOf(AimException.class)
        .hasMessageStartingWith("--goodput '" + pair + "'");
  }
}
