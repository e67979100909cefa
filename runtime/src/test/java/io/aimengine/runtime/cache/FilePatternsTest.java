package io.aimengine.runtime.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimengine.core.AimException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilePatternsTest {
  static final List<String> LLAMA =
      List.of(
          "config.json",
          "generation_config.json",
          "model-00001-of-00002.safetensors",
          "model-00002-of-00002.safetensors",
          "model.safetensors.index.json",
          "tokenizer.json",
          "tokenizer_config.json",
          "special_tokens_map.json",
          "chat_template.jinja",
          "original/consolidated.00.pth",
          "original/params.json",
          "original/tokenizer.model",
          "pytorch_model.bin",
          "flax_model.msgpack",
          "model.gguf",
          "README.md",
          "LICENSE",
          ".gitattributes");

  @Test
  void defaultsTakeSafetensorsConfigsAndTokenizerAndSkipOriginalAndOtherFormats() {
    assertThat(FilePatterns.defaults(List.of()).select(LLAMA))
        .containsExactly(
            "config.json",
            "generation_config.json",
            "model-00001-of-00002.safetensors",
            "model-00002-of-00002.safetensors",
            "model.safetensors.index.json",
            "tokenizer.json",
            "tokenizer_config.json",
            "special_tokens_map.json",
            "chat_template.jinja");
  }

  @Test
  void withoutSafetensorsTheDefaultsFallBackToPytorchWeights() {
    List<String> repo =
        List.of(
            "config.json",
            "pytorch_model-00001-of-00002.bin",
            "pytorch_model.bin.index.json",
            "tokenizer.model",
            "model.gguf");
    assertThat(FilePatterns.defaults(List.of()).select(repo))
        .containsExactly(
            "config.json",
            "pytorch_model-00001-of-00002.bin",
            "pytorch_model.bin.index.json",
            "tokenizer.model");
  }

  @Test
  void aGgufOnlyRepoGetsItsGgufFiles() {
    assertThat(
            FilePatterns.defaults(List.of())
                .select(List.of("README.md", "m-Q4_K_M.gguf", "m-Q8_0.gguf")))
        .containsExactly("m-Q4_K_M.gguf", "m-Q8_0.gguf");
  }

  @Test
  void userExcludesApplyOnTopOfTheDefaults() {
    assertThat(FilePatterns.defaults(List.of("tokenizer*", "*.jinja")).select(LLAMA))
        .doesNotContain("tokenizer.json", "tokenizer_config.json", "chat_template.jinja")
        .contains("config.json");
  }

  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @CsvSource({
    "*.safetensors, model.safetensors, true",
    "*.safetensors, sub/model.safetensors, true", // fnmatch: '*' crosses '/'
    "original/, original/params.json, true", // trailing '/': everything below
    "original/*, original/a/b.pth, true",
    "config.json, sub/config.json, false",
    "model-0000?-of-00002.safetensors, model-00001-of-00002.safetensors, true",
    "[!m]*.json, config.json, true",
    "[!m]*.json, model.json, false",
    "tokenizer*, tokenizer_config.json, true",
    "a.b, axb, false", // '.' is literal
  })
  void patternsFollowFnmatch(String pattern, String path, boolean matches) {
    assertThat(FilePatterns.of(List.of(pattern), List.of()).select(List.of(path)).isEmpty())
        .isEqualTo(!matches);
  }

  @Test
  void blankPatternIsInvalidInputNamingTheFlag() {
    assertThatThrownBy(() -> FilePatterns.of(List.of(" "), List.of()))
        .isInstanceOf(AimException.class)
        .hasMessageContaining("--include");
  }
}
