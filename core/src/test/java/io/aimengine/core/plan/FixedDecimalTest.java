package io.aimengine.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FixedDecimalTest {
  private static void same(double v) {
    for (int places = 0; places <= 3; places++) {
      assertThat(FixedDecimal.format(v, places))
          .as("%s with %d decimals", v, places)
          .isEqualTo(String.format(Locale.ROOT, "%." + places + "f", v));
    }
  }

  @Test
  void writesWhatTheFormatterWritesForPlanFigures() {
    for (double v :
        new double[] {
          0,
          0.04,
          0.05,
          0.049999,
          0.95,
          0.96,
          1,
          9.95,
          9.949999999,
          13.8,
          61.0,
          78.5,
          99.95,
          110.25,
          110.35,
          172.8,
          0.9,
          0.125,
          0.375,
          2.675,
          1.005,
          1e-9,
          123456.789,
          999999.95
        }) {
      same(v);
    }
  }

  @Test
  void writesWhatTheFormatterWritesForGibFiguresOfWholeBytesAndMiB() {
    double gib = 1024.0 * 1024 * 1024;
    for (long mib = 0; mib < 300_000; mib += 7) {
      same(mib * 1024L * 1024 / gib);
      same(mib / 1024.0);
    }
    SplittableRandom r = new SplittableRandom(42);
    for (int i = 0; i < 200_000; i++) {
      same(r.nextLong(0, 1L << 45) / gib);
    }
  }

  @Test
  void writesWhatTheFormatterWritesForHalvesAndOddValues() {
    for (int i = 0; i < 20_000; i++) {
      same(i / 8.0);
      same(i / 20.0);
      same(i / 200.0 + 0.005);
    }
    for (double v :
        new double[] {
          -0.0,
          -1.25,
          -0.04,
          Double.NaN,
          Double.POSITIVE_INFINITY,
          Double.NEGATIVE_INFINITY,
          1e9,
          1e12 + 0.5,
          Double.MAX_VALUE,
          Double.MIN_VALUE
        }) {
      same(v);
    }
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 200_000; i++) {
      same(r.nextDouble() * 1000);
    }
  }

  @Test
  void handsPlacesItDoesNotCoverToTheFormatter() {
    assertThat(FixedDecimal.format(1.23456, 5)).isEqualTo("1.23456");
  }
}
