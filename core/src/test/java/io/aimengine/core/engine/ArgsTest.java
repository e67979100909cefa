package io.aimengine.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ArgsTest {
  private static String viaBigDecimal(double d) {
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  @Test
  void doublesPrintAsBigDecimalPrintsThemWithoutTrailingZeros() {
    List<Double> values =
        new ArrayList<>(
            List.of(
                0.9,
                0.95,
                1.0,
                100.0,
                0.0,
                -0.0,
                1e-5,
                1e-3,
                1e7,
                1e21,
                123456.789,
                -2.5,
                0.1 + 0.2,
                32768.0,
                Double.MIN_VALUE,
                Double.MAX_VALUE,
                4.9e-324));
    Random r = new Random(42);
    for (int i = 0; i < 2000; i++) {
      values.add(r.nextDouble() * Math.pow(10, r.nextInt(30) - 10));
      values.add((double) r.nextInt(1_000_000));
    }
    for (double d : values) {
      assertThat(Args.plain(d)).as("%s", d).isEqualTo(viaBigDecimal(d));
      assertThat(Args.scalar(d)).as("%s", d).isEqualTo(viaBigDecimal(d));
    }
  }

  @Test
  void fractionalAndWholeNumbersRenderAsAnEngineReadsThem() {
    List<String> argv = new ArrayList<>();
    Args.render(
        new java.util.LinkedHashMap<>(
            java.util.Map.of("gpu-memory-utilization", 0.9, "max-model-len", 32768.0)),
        argv,
        true);
    assertThat(String.join(" ", argv))
        .contains("--gpu-memory-utilization 0.9")
        .contains("--max-model-len 32768");
  }
}
