package io.aimengine.runtime.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.engine.LaunchSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EngineEnvironmentTest {
  static final Map<String, String> HOST =
      Map.of(
          "PATH", "/usr/bin",
          "HOME", "/home/u",
          "LC_ALL", "C.UTF-8",
          "ROCM_PATH", "/opt/rocm",
          "ROCR_VISIBLE_DEVICES", "0",
          "HF_TOKEN", "hf_secret",
          "HF_ENDPOINT", "https://mirror",
          "https_proxy", "http://proxy:3128",
          "DATABASE_PASSWORD", "pw",
          "SITE_VAR", "x");

  private static LaunchSpec spec(Map<String, String> env) {
    return new LaunchSpec(
        EngineKind.VLLM,
        List.of("vllm", "serve", "m"),
        env,
        List.of("ROCR_VISIBLE_DEVICES"),
        "127.0.0.1",
        8000,
        "/health",
        "/v1/models",
        "m",
        null);
  }

  @Test
  void anOfflineEngineGetsThePlanAndTheAllowListOnly() {
    Map<String, String> env =
        new EngineEnvironment(HOST, Set.of())
            .of(spec(Map.of("HF_HUB_OFFLINE", "1", "HIP_VISIBLE_DEVICES", "2")));
    assertThat(env)
        .containsEntry("PATH", "/usr/bin")
        .containsEntry("HOME", "/home/u")
        .containsEntry("LC_ALL", "C.UTF-8")
        .containsEntry("ROCM_PATH", "/opt/rocm")
        .containsEntry("HIP_VISIBLE_DEVICES", "2")
        .containsEntry("HF_HUB_OFFLINE", "1")
        .doesNotContainKeys(
            "HF_TOKEN",
            "HF_ENDPOINT",
            "https_proxy",
            "DATABASE_PASSWORD",
            "SITE_VAR",
            "ROCR_VISIBLE_DEVICES");
  }

  @Test
  void anEngineThatMayDownloadAlsoGetsTheTokenHubAndProxy() {
    Map<String, String> env = new EngineEnvironment(HOST, Set.of()).of(spec(Map.of()));
    assertThat(env)
        .containsEntry("HF_TOKEN", "hf_secret")
        .containsEntry("HF_ENDPOINT", "https://mirror")
        .containsEntry("https_proxy", "http://proxy:3128")
        .doesNotContainKey("DATABASE_PASSWORD");
  }

  @Test
  void aimEngineEnvNamesFurtherVariables() {
    Map<String, String> env =
        new EngineEnvironment(HOST, Set.of("SITE_VAR")).of(spec(Map.of("HF_HUB_OFFLINE", "1")));
    assertThat(env).containsEntry("SITE_VAR", "x").doesNotContainKey("DATABASE_PASSWORD");
  }
}
