package io.aimengine.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EngineVersionTest {
  @ParameterizedTest(name = "{0} < {1}")
  @MethodSource("ordered")
  void comparesNumericallyPartByPart(String lower, String higher) {
    EngineVersion a = EngineVersion.find(lower).orElseThrow();
    EngineVersion b = EngineVersion.find(higher).orElseThrow();
    assertThat(a).isLessThan(b);
    assertThat(b).isGreaterThan(a);
  }

  static Stream<Arguments> ordered() {
    return Stream.of(
        arguments("0.9.2", "0.10.0"),
        arguments("0.10.2", "0.11.0"),
        arguments("0.11.0rc1", "0.11.0"),
        arguments("0.11.0", "0.11.0.post1"),
        arguments("0.10.1", "0.10.1.1"),
        arguments("v0.17.1", "0.18"),
        arguments("b4500", "b5000"));
  }

  @Test
  void missingPartsCountAsZeroAndLocalSuffixesAreIgnored() {
    assertThat(EngineVersion.find("0.18")).isEqualTo(EngineVersion.find("0.18.0"));
    assertThat(EngineVersion.find("0.11.0+rocm6.4").orElseThrow())
        .isEqualByComparingTo(EngineVersion.find("0.11.0").orElseThrow());
  }

  @Test
  void rejectsNonVersions() {
    assertThat(EngineVersion.find("latest")).isEmpty();
    assertThat(EngineVersion.find("")).isEmpty();
    assertThat(EngineVersion.find(null)).isEmpty();
  }
}
