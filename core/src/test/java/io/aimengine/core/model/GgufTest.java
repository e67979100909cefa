package io.aimengine.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimengine.core.AimException;
import io.aimengine.core.ExitCode;
import io.aimengine.testsupport.GgufWriter;
import io.aimengine.testsupport.TinyGguf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GgufTest {
  @TempDir Path dir;

  @Test
  void factsOfTinyLlamaComeFromTheHeader() {
    Path f = TinyGguf.write(dir.resolve("tiny.gguf"));
    ModelFacts facts = Gguf.facts(f);
    Architecture a = facts.architecture();
    assertThat(a.modelType()).isEqualTo("llama");
    assertThat(a.layers()).isEqualTo(2);
    assertThat(a.hiddenSize()).isEqualTo(64);
    assertThat(a.attentionHeads()).isEqualTo(4);
    assertThat(a.kvHeads()).isEqualTo(2);
    assertThat(a.headDim()).isEqualTo(16);
    assertThat(a.intermediateSize()).isEqualTo(128);
    assertThat(a.maxContext()).isEqualTo(2048);
    assertThat(a.tiedEmbeddings()).isFalse();
    assertThat(a.vocabSize()).isGreaterThan(256);
    assertThat(facts.nativePrecision()).isEqualTo(Precision.FP16);
    assertThat(facts.family()).isEqualTo("llama");
    assertThat(facts.hasMemoryFacts()).isTrue();
    long vocab = a.vocabSize();
    long perLayer = 64 * 64 * 2 + 64 * 32 * 2 + 3 * 64 * 128 + 2 * 64;
    assertThat(facts.parameters()).isEqualTo(2 * vocab * 64 + 2 * perLayer + 64);
  }

  @Test
  void weightBytesAreTheTensorDataSection() throws Exception {
    Path f = TinyGguf.write(dir.resolve("tiny.gguf"));
    ModelFacts facts = Gguf.facts(f);
    Gguf.Header h = Gguf.read(f);
    assertThat(h.dataOffset() % 32).isZero();
    assertThat(facts.weightBytes()).isEqualTo(Files.size(f) - h.dataOffset());
    // F16 matrices dominate: roughly 2 bytes per parameter.
    assertThat((double) facts.weightBytes() / facts.parameters()).isBetween(1.9, 2.2);
  }

  @Test
  void perLayerHeadCountArraysUseTheirMaximumAndMoeIsRead() throws Exception {
    Path f = dir.resolve("moe.gguf");
    GgufWriter w = new GgufWriter();
    w.string("general.architecture", "qwen3moe");
    w.u32("general.file_type", 15);
    w.u32("qwen3moe.block_count", 4);
    w.u32("qwen3moe.embedding_length", 256);
    w.u32("qwen3moe.attention.head_count", 8);
    w.i32Array("qwen3moe.attention.head_count_kv", List.of(2, 4, 2, 4));
    w.u32("qwen3moe.attention.key_length", 64);
    w.u32("qwen3moe.expert_count", 16);
    w.u32("qwen3moe.expert_used_count", 2);
    w.u32("qwen3moe.expert_feed_forward_length", 128);
    w.u64("qwen3moe.context_length", 40960);
    w.tensor("token_embd.weight", 0, new Random(1), 1f, 256, 10);
    Files.write(f, w.toBytes());
    ModelFacts facts = Gguf.facts(f);
    assertThat(facts.architecture().kvHeads()).isEqualTo(4);
    assertThat(facts.architecture().headDim()).isEqualTo(64);
    assertThat(facts.architecture().moe().experts()).isEqualTo(16);
    assertThat(facts.architecture().moe().activeExperts()).isEqualTo(2);
    assertThat(facts.architecture().maxContext()).isEqualTo(40960);
    assertThat(facts.architecture().tiedEmbeddings()).isTrue();
    assertThat(facts.nativePrecision()).isEqualTo(Precision.INT4);
  }

  @ParameterizedTest
  @CsvSource({
    "0, fp32",
    "1, fp16",
    "32, bf16",
    "7, int8",
    "18, int8",
    "17, int8",
    "2, int4",
    "15, int4",
    "10, int4",
    "30, int4",
    "99, fp16"
  })
  void fileTypeMapsToPrecisionClass(int fileType, String precision) {
    assertThat(Gguf.precision(fileType, true).label()).isEqualTo(precision);
  }

  @Test
  void notAGgufFileIsInvalidInputNamingTheFile() throws Exception {
    Path f = Files.writeString(dir.resolve("model.gguf"), "this is not a model");
    assertThatThrownBy(() -> Gguf.facts(f))
        .isInstanceOf(AimException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("not a GGUF file")
        .extracting(e -> ((AimException) e).exitCode())
        .isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(Gguf.isGguf(f)).isFalse();
  }

  @Test
  void truncatedFileIsReportedAsIncomplete() throws Exception {
    byte[] full = Files.readAllBytes(TinyGguf.write(dir.resolve("tiny.gguf")));
    Path f = dir.resolve("cut.gguf");
    Files.write(f, Arrays.copyOf(full, 2000));
    assertThatThrownBy(() -> Gguf.read(f))
        .isInstanceOf(AimException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void unsupportedVersionAndMissingFileAreClearErrors() throws Exception {
    Path v1 = dir.resolve("v1.gguf");
    Files.write(v1, new GgufWriter().version(1).string("general.architecture", "llama").toBytes());
    assertThatThrownBy(() -> Gguf.read(v1)).hasMessageContaining("GGUF version 1 is not supported");
    assertThatThrownBy(() -> Gguf.read(dir.resolve("missing.gguf")))
        .hasMessageContaining("no such model file");
  }

  /** A GGUF v3 header whose one metadata value is an array of arrays, {@code depth} deep. */
  private static byte[] nestedArrays(int depth) {
    java.nio.ByteBuffer b =
        java.nio.ByteBuffer.allocate(64 + depth * 12).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.putInt(0x46554747).putInt(3).putLong(0).putLong(1);
    byte[] key = "x".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    b.putLong(key.length).put(key).putInt(9); // type ARRAY
    for (int i = 0; i < depth; i++) {
      b.putInt(9).putLong(1); // an array holding one array ...
    }
    b.putInt(4).putLong(0); // ... down to an empty u32 array
    return Arrays.copyOf(b.array(), b.position());
  }

  @Test
  void deeplyNestedArraysAreInvalidInputNotAStackOverflow() throws Exception {
    Path f = dir.resolve("deep.gguf");
    Files.write(f, nestedArrays(100_000));

    assertThatThrownBy(() -> Gguf.read(f))
        .isInstanceOfSatisfying(
            AimException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
        .hasMessageContaining("deep.gguf")
        .hasMessageContaining("nested");
  }

  @Test
  void arraysNestedAFewLevelsStillRead() throws Exception {
    Path f = dir.resolve("nested.gguf");
    Files.write(f, nestedArrays(Gguf.MAX_ARRAY_DEPTH - 1));

    assertThat(Gguf.read(f).metadata()).containsKey("x");
  }
}
