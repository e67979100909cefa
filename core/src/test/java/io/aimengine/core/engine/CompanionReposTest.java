package io.aimengine.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.engine.CompanionRepos.Companion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompanionReposTest {
  private static Map<String, Object> args(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void vllmNamesATokenizerAndADraftModelInsideTheSpeculativeConfig() {
    List<Companion> c =
        CompanionRepos.of(
            EngineKind.VLLM,
            args(
                "tokenizer", "acme/tok",
                "tokenizer-revision", "v3",
                "speculative-config",
                    "{\"model\": \"Qwen/Qwen3-0.6B\", \"num_speculative_tokens\": 5, \"revision\": \"abc\"}"),
            "Qwen/Qwen3-8B");

    assertThat(c)
        .containsExactly(
            new Companion("tokenizer", "acme/tok", "v3", "tokenizer"),
            new Companion("draft model", "Qwen/Qwen3-0.6B", "abc", "speculative-config"));
  }

  @Test
  void aSpeculativeConfigGivenAsAMapCountsToo() {
    List<Companion> c =
        CompanionRepos.of(
            EngineKind.VLLM,
            args("speculative-config", Map.of("model", "yuhuili/EAGLE-LLaMA3.1-Instruct-8B")),
            "m/x");

    assertThat(c).extracting(Companion::repo).containsExactly("yuhuili/EAGLE-LLaMA3.1-Instruct-8B");
    assertThat(c.get(0).revision()).isEqualTo("main");
  }

  @Test
  void sglangNamesThemWithItsOwnFlags() {
    List<Companion> c =
        CompanionRepos.of(
            EngineKind.SGLANG,
            args(
                "tokenizer-path", "acme/tok",
                "speculative-algorithm", "EAGLE3",
                "speculative-draft-model-path", "lmsys/sglang-EAGLE3-LLaMA3.1-Instruct-8B",
                "speculative-draft-model-revision", "r1"),
            "meta-llama/Llama-3.1-8B-Instruct");

    assertThat(c)
        .extracting(Companion::role, Companion::repo, Companion::revision)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("tokenizer", "acme/tok", "main"),
            org.assertj.core.groups.Tuple.tuple(
                "draft model", "lmsys/sglang-EAGLE3-LLaMA3.1-Instruct-8B", "r1"));
  }

  @Test
  void localPathsMethodOnlyConfigsTheModelItselfAndOtherEnginesNameNothing() {
    assertThat(
            CompanionRepos.of(
                EngineKind.VLLM,
                args(
                    "tokenizer", "/models/tok",
                    "speculative-config", "{\"method\": \"ngram\", \"num_speculative_tokens\": 5}"),
                "a/b"))
        .isEmpty();
    assertThat(CompanionRepos.of(EngineKind.VLLM, args("tokenizer", "a/b"), "a/b")).isEmpty();
    assertThat(CompanionRepos.of(EngineKind.VLLM, args("speculative-config", "{not json"), "a/b"))
        .isEmpty();
    assertThat(CompanionRepos.of(EngineKind.LLAMACPP, args("tokenizer", "x/y"), "a/b")).isEmpty();
  }
}
