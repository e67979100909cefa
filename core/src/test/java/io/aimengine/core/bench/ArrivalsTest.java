package io.aimengine.core.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ArrivalsTest {
  @Test
  void poissonGapsAreExponentialWithMeanOneOverRate() {
    SplittableRandom r = new SplittableRandom(1);
    int n = 200_000;
    double sum = 0;
    double sq = 0;
    for (int i = 0; i < n; i++) {
      double g = Arrivals.gap(4.0, 1.0, r);
      sum += g;
      sq += g * g;
    }
    double mean = sum / n;
    double cv = Math.sqrt(sq / n - mean * mean) / mean;
    assertThat(mean).isCloseTo(0.25, within(0.005));
    assertThat(cv).isCloseTo(1.0, within(0.02)); // exponential: sd = mean
  }

  @Test
  void burstinessSetsTheGammaShape() {
    SplittableRandom r = new SplittableRandom(2);
    for (double k : new double[] {0.5, 3.0}) {
      int n = 200_000;
      double sum = 0;
      double sq = 0;
      for (int i = 0; i < n; i++) {
        double g = Arrivals.gap(10.0, k, r);
        sum += g;
        sq += g * g;
      }
      double mean = sum / n;
      double cv = Math.sqrt(sq / n - mean * mean) / mean;
      assertThat(mean).as("mean gap at burstiness %s", k).isCloseTo(0.1, within(0.003));
      assertThat(cv).as("cv at burstiness %s", k).isCloseTo(1 / Math.sqrt(k), within(0.03));
    }
  }

  @Test
  void offsetsForAKnownCountEndAtCountOverRate() {
    long[] t = Arrivals.offsets(100, 20.0, 1.0, new SplittableRandom(3));
    assertThat(t[99]).isEqualTo(5_000_000_000L);
    for (int i = 1; i < t.length; i++) {
      assertThat(t[i]).isGreaterThanOrEqualTo(t[i - 1]);
    }
  }

  @Test
  void infiniteRateSendsEverythingAtOnce() {
    assertThat(Arrivals.offsets(3, Double.POSITIVE_INFINITY, 1, new SplittableRandom()))
        .containsExactly(0, 0, 0);
  }
}
