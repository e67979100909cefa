package io.aimengine.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GgufQuantTest {
  @ParameterizedTest
  @CsvSource({
    "Llama-3.2-1B-Instruct-Q4_K_M.gguf, Q4_K_M",
    "qwen2.5-7b-instruct-q4_k_m-00001-of-00002.gguf, Q4_K_M",
    "Meta-Llama-3.1-8B-Instruct-Q8_0.gguf, Q8_0",
    "gemma-2-9b-it-IQ4_XS.gguf, IQ4_XS",
    "model.BF16.gguf, BF16",
    "DeepSeek-R1-UD-Q2_K_XL-00001-of-00005.gguf, UD-Q2_K_XL",
    "Q4_K_M/DeepSeek-R1-Q4_K_M-00001-of-00009.gguf, Q4_K_M",
    "BF16/model-00001-of-00003.gguf, BF16",
    "gpt-oss-20b-MXFP4.gguf, MXFP4",
    "Qwen3-8B-F16.gguf, F16",
  })
  void theQuantizationIsReadFromTheFileName(String path, String quant) {
    assertThat(GgufQuant.of(path)).contains(quant);
  }

  @Test
  void aNameWithoutQuantizationNamesNone() {
    assertThat(GgufQuant.of("model.gguf")).isEmpty();
    assertThat(GgufQuant.of("Qwen2.5-7B.gguf")).isEmpty();
  }

  @Test
  void quantizationsAreBestFirstWithSplitsTogetherAndProjectorsLeftOut() {
    List<GgufQuant> q =
        GgufQuant.fromListing(
            List.of(
                new RepoFile("x-F16.gguf", 16_000),
                new RepoFile("x-Q4_K_M.gguf", 4_900),
                new RepoFile("Q8_0/x-Q8_0-00002-of-00002.gguf", 4_000),
                new RepoFile("Q8_0/x-Q8_0-00001-of-00002.gguf", 4_500),
                new RepoFile("mmproj-x-F16.gguf", 600),
                new RepoFile("README.md", 10)));

    assertThat(q).extracting(GgufQuant::name).containsExactly("Q8_0", "Q4_K_M", "F16");
    assertThat(q.get(0).files())
        .containsExactly("Q8_0/x-Q8_0-00001-of-00002.gguf", "Q8_0/x-Q8_0-00002-of-00002.gguf");
    assertThat(q.get(0).bytes()).isEqualTo(8_500);
    assertThat(q.get(0).split()).isTrue();
    assertThat(q.get(0).precision()).isEqualTo(Precision.INT8);
    assertThat(q.get(1).precision()).isEqualTo(Precision.INT4);
  }

  @Test
  void aTagMatchesIgnoringCaseAndTheUnslothPrefix() {
    GgufQuant ud = new GgufQuant("UD-Q4_K_XL", List.of("a.gguf"), 1);

    assertThat(ud.is("q4_k_xl")).isTrue();
    assertThat(ud.is("UD-Q4_K_XL")).isTrue();
    assertThat(ud.is("Q4_K")).isFalse();
  }

  @Test
  void ollamaStyleIdsNameTheRepoAndTheTag() {
    assertThat(ModelIds.repo("hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M"))
        .isEqualTo("bartowski/Llama-3.2-1B-Instruct-GGUF");
    assertThat(ModelIds.ggufTag("hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M"))
        .contains("Q4_K_M");
    assertThat(ModelIds.ggufTag("Qwen/Qwen3-32B")).isEmpty();
    assertThat(ModelIds.repo("/models/x:y.gguf")).isEqualTo("/models/x:y.gguf");
    assertThat(ModelIds.ggufTag("/models/x:y.gguf")).isEmpty();
  }

  @Test
  void dtypeCountsGiveExactBytes() {
    DtypeCounts c = new DtypeCounts(java.util.Map.of("bf16", 1_000L, "F8_E4M3", 4_000L, "U8", 10L));

    assertThat(c.bytes()).isEqualTo(2_000 + 4_000 + 10);
    assertThat(c.dominant()).isEqualTo("F8_E4M3");
    assertThat(c.hasPackedBytes()).isTrue();
  }
}
