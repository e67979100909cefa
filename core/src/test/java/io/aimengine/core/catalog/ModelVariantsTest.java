package io.aimengine.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.model.ModelFacts;
import io.aimengine.core.model.Precision;
import org.junit.jupiter.api.Test;

/** Variant entries in model files: ids, declared storage, storage from the name. */
class ModelVariantsTest {
  static final String FILE =
      """
      id: acme/Chat-32B
      parameters: 32000000000
      weights: {precision: bf16, bytes: 64000000000}
      architecture: {num_hidden_layers: 64, hidden_size: 5120, num_attention_heads: 64,
                     num_key_value_heads: 8, vocab_size: 150000}
      variants:
        - acme/Chat-32B-FP8
        - id: other/Chat-32B-AWQ
          weights: {precision: int4, bytes: 19500000000}
        - acme/Chat-32B-Instruct
      """;

  private final ModelEntry e = ModelFileParser.parse("models/acme/Chat-32B.yaml", FILE);

  @Test
  void mappingAndPlainVariantsAreBothListed() {
    assertThat(e.variants())
        .containsExactly("acme/Chat-32B-FP8", "other/Chat-32B-AWQ", "acme/Chat-32B-Instruct");
  }

  @Test
  void aDeclaredVariantIsStoredAsTheFileSays() {
    ModelFacts f = e.factsFor("other/Chat-32B-AWQ");

    assertThat(f.nativePrecision()).isEqualTo(Precision.INT4);
    assertThat(f.weightBytes()).isEqualTo(19_500_000_000L);
    assertThat(f.architecture()).isEqualTo(e.facts().architecture());
  }

  @Test
  void anFp8NamedVariantKeepsItsEmbeddingsAt16Bits() {
    ModelFacts f = e.factsFor("acme/Chat-32B-FP8");
    long embed = 150000L * 5120 * 2;

    assertThat(f.nativePrecision()).isEqualTo(Precision.FP8);
    assertThat(f.weightBytes()).isEqualTo(32_000_000_000L - embed + embed * 2);
  }

  @Test
  void aVariantWhoseNameSaysNothingIsStoredLikeTheModel() {
    ModelFacts f = e.factsFor("acme/Chat-32B-Instruct");

    assertThat(f.nativePrecision()).isEqualTo(Precision.BF16);
    assertThat(f.weightBytes()).isEqualTo(64_000_000_000L);
    assertThat(f.id()).isEqualTo("acme/Chat-32B-Instruct");
  }
}
