package io.aimengine.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EditDistanceTest {
  @ParameterizedTest
  @CsvSource({
    "'', '', 0",
    "'', abc, 3",
    "abc, '', 3",
    "abc, abc, 0",
    "tensor-parallel-size, tensor-paralel-size, 1",
    "kitten, sitting, 3",
    "flaw, lawn, 2",
    "qwen/qwen3-32b, qwen/qwen3-23b, 2",
  })
  void countsInsertionsDeletionsAndSubstitutions(String a, String b, int want) {
    assertThat(EditDistance.between(a, b)).isEqualTo(want);
    assertThat(EditDistance.between(b, a)).isEqualTo(want);
  }
}
