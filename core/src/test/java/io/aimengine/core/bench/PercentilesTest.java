package io.aimengine.core.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PercentilesTest {
  // Expected values from numpy.percentile(values, p) (linear interpolation, numpy's default).
  @ParameterizedTest
  @CsvSource({
    "'1 2 3 4', 90, 3.7",
    "'1 2 3 4', 50, 2.5",
    "'4 1 3 2', 99, 3.97",
    "'1 2 3 4 10', 99, 9.76",
    "'15 20 35 40 50', 40, 29",
    "'15 20 35 40 50', 0, 15",
    "'15 20 35 40 50', 100, 50",
    "'7', 99, 7",
    "'', 99, 0",
  })
  void percentileMatchesNumpyLinearInterpolation(String values, double p, double expected) {
    assertThat(Percentiles.of(parse(values)).at(p)).isCloseTo(expected, within(1e-9));
  }

  @ParameterizedTest
  @CsvSource({"'1 2 3 4', 2.5, 1.118033988749895", "'2 2 2', 2, 0", "'', 0, 0"})
  void meanAndPopulationStdMatchNumpy(String values, double mean, double std) {
    Percentiles p = Percentiles.of(parse(values));
    assertThat(p.mean()).isCloseTo(mean, within(1e-12));
    assertThat(p.std()).isCloseTo(std, within(1e-12));
  }

  private static double[] parse(String s) {
    return s.isBlank()
        ? new double[0]
        : java.util.Arrays.stream(s.trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
  }
}
