package io.aimengine.runtime.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
  static final String TEXT =
      """
      # HELP vllm:num_requests_running Number of requests running.
      # TYPE vllm:num_requests_running gauge
      vllm:num_requests_running{model_name="a",engine="0"} 2.0
      vllm:num_requests_running{model_name="a",engine="1"} 3.0
      vllm:kv_cache_usage_perc{model_name="a"} 0.25
      llamacpp:tokens_predicted_total 17
      vllm:prompt_tokens_total{model_name="a"} NaNish
      garbage line
      """;

  @Test
  void picksRequestedMetricsInOrderSummingLabelSets() {
    assertThat(
            PrometheusText.pick(
                TEXT,
                List.of(
                    "llamacpp:tokens_predicted_total",
                    "vllm:num_requests_running",
                    "vllm:kv_cache_usage_perc",
                    "vllm:absent")))
        .containsExactly(
            org.assertj.core.api.Assertions.entry("llamacpp:tokens_predicted_total", 17.0),
            org.assertj.core.api.Assertions.entry("vllm:num_requests_running", 5.0),
            org.assertj.core.api.Assertions.entry("vllm:kv_cache_usage_perc", 0.25));
  }

  @Test
  void malformedSamplesAreSkipped() {
    assertThat(PrometheusText.pick(TEXT, List.of("vllm:prompt_tokens_total"))).isEmpty();
  }
}
