package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimengine.core.config.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AimImageContractTest {
  private static Settings env(Map<String, String> m) {
    return new Settings(m, Path.of("/nonexistent"));
  }

  @Test
  void aManifestWrittenForAmdsImagesFillsWhatTheCommandLineLeavesOut() {
    PlanOptions plan = new PlanOptions();
    EndpointOptions endpoint = new EndpointOptions();

    AimImageContract.apply(
        env(
            Map.of(
                "AIM_MODEL_ID", "Qwen/Qwen3-32B",
                "AIM_PRECISION", "fp8",
                "AIM_ENGINE", "vllm",
                "AIM_METRIC", "throughput",
                "AIM_PORT", "9000",
                "AIM_ENGINE_ARGS",
                    "{\"max-num-seqs\": 64, \"enforce-eager\": true, \"trust-remote-code\": false}")),
        plan,
        endpoint);

    assertThat(plan.model).isEqualTo("Qwen/Qwen3-32B");
    assertThat(plan.precision).isEqualTo("fp8");
    assertThat(plan.backend).isEqualTo("vllm");
    assertThat(plan.metric).isEqualTo("throughput");
    assertThat(endpoint.port).isEqualTo(9000);
    assertThat(plan.args).containsExactly("max-num-seqs=64", "enforce-eager");
  }

  @Test
  void commandLineOptionsWinAndAutoPrecisionLeavesTheChoiceToThePlanner() {
    PlanOptions plan = new PlanOptions();
    plan.model = "m/x";
    plan.args = List.of("max-model-len=4096");
    EndpointOptions endpoint = new EndpointOptions();
    endpoint.port = 8123;

    AimImageContract.apply(
        env(
            Map.of(
                "AIM_MODEL_ID", "other/model",
                "AIM_PRECISION", "auto",
                "AIM_PORT", "9000",
                "AIM_ENGINE_ARGS", "{\"max-num-seqs\": 8}")),
        plan,
        endpoint);

    assertThat(plan.model).isEqualTo("m/x");
    assertThat(plan.precision).isNull();
    assertThat(endpoint.port).isEqualTo(8123);
    assertThat(plan.args).containsExactly("max-num-seqs=8", "max-model-len=4096");
  }

  @Test
  void badContractValuesNameTheVariable() {
    assertThatThrownBy(
            () ->
                AimImageContract.apply(
                    env(Map.of("AIM_ENGINE_ARGS", "[1,2]")),
                    new PlanOptions(),
                    new EndpointOptions()))
        .hasMessageContaining("AIM_ENGINE_ARGS: expected a JSON object");
    assertThatThrownBy(
            () ->
                AimImageContract.apply(
                    env(Map.of("AIM_PORT", "http")), new PlanOptions(), new EndpointOptions()))
        .hasMessageContaining("AIM_PORT='http'");
  }
}
