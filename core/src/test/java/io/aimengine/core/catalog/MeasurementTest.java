package io.aimengine.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** When one measurement beats another: same workload, strictly better on the objective's figure. */
class MeasurementTest {
  static final Map<String, Object> WORKLOAD =
      Map.of("api", "chat", "input_tokens", 512, "output_tokens", 128, "concurrency", 16);

  static Measurement m(
      Metric objective, Map<String, Object> workload, Map<String, Double> figures) {
    return new Measurement("1x MI300X", "0.11.0", "2026-12-01", workload, "", objective, figures);
  }

  @Test
  void higherOutputThroughputBeatsOnTheThroughputObjective() {
    var a = m(Metric.THROUGHPUT, WORKLOAD, Map.of("output_throughput", 2300.0));
    var b = m(Metric.THROUGHPUT, WORKLOAD, Map.of("output_throughput", 2200.0));
    assertThat(a.beats(b)).isTrue();
    assertThat(b.beats(a)).isFalse();
    assertThat(a.beats(a)).as("equal is not better").isFalse();
  }

  @Test
  void lowerMedianLatencyBeatsOnTheLatencyObjective() {
    var a = m(Metric.LATENCY, WORKLOAD, Map.of("median_e2el_ms", 900.0));
    var b = m(Metric.LATENCY, WORKLOAD, Map.of("median_e2el_ms", 1100.0));
    assertThat(a.beats(b)).isTrue();
    assertThat(b.beats(a)).isFalse();
  }

  @Test
  void figuresOnAnotherWorkloadOrWithoutTheFigureCannotBeBeaten() {
    var a = m(Metric.THROUGHPUT, WORKLOAD, Map.of("output_throughput", 9999.0));
    var otherLoad =
        m(
            Metric.THROUGHPUT,
            Map.of("api", "chat", "input_tokens", 512, "output_tokens", 128, "concurrency", 64),
            Map.of("output_throughput", 10.0));
    var noFigure = m(Metric.THROUGHPUT, WORKLOAD, Map.of("p99_ttft_ms", 10.0));
    var freeText = m(Metric.THROUGHPUT, Map.of(), Map.of("output_throughput", 10.0));
    assertThat(a.beats(otherLoad)).isFalse();
    assertThat(a.beats(noFigure)).isFalse();
    assertThat(a.beats(freeText)).isFalse();
  }

  @Test
  void numbersInTheWorkloadCompareByValue() {
    var a = m(Metric.THROUGHPUT, WORKLOAD, Map.of("output_throughput", 2.0));
    var b =
        m(
            Metric.THROUGHPUT,
            Map.of("api", "chat", "input_tokens", 512L, "output_tokens", 128.0, "concurrency", 16),
            Map.of("output_throughput", 1.0));
    assertThat(a.beats(b)).isTrue();
  }
}
