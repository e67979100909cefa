package io.aimengine.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimengine.core.AimException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HfConfigTest {
  @TempDir Path dir;

  private void config(String name) throws IOException {
    try (InputStream in =
        getClass().getResourceAsStream("/fixtures/model-configs/" + name + ".json")) {
      Files.write(dir.resolve("config.json"), in.readAllBytes());
    }
  }

  /** KV bytes per token (bf16, whole model) must match the reference sizes.csv column. */
  @ParameterizedTest
  @CsvSource({
    "Qwen--Qwen3-32B, 262144",
    "Qwen--Qwen3-8B, 147456",
    "Qwen--Qwen3-235B-A22B, 192512",
    "meta-llama--Llama-3.1-8B-Instruct, 131072",
    "meta-llama--Llama-3.1-70B-Instruct, 327680",
    "meta-llama--Llama-3.1-405B-Instruct, 516096",
    "mistralai--Mixtral-8x7B-Instruct-v0.1, 131072",
    "deepseek-ai--DeepSeek-V3, 70272",
    "google--gemma-2-9b-it, 344064",
    "microsoft--Phi-3-mini-4k-instruct, 393216",
  })
  void kvBytesPerTokenMatchTheReferenceTable(String name, long expected) throws IOException {
    config(name);

    ModelFacts f = HfConfig.read(dir, name);

    assertThat(f.architecture().kvBytesPerToken(2)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "meta-llama--Llama-3.1-405B-Instruct, 405, 407",
    "meta-llama--Llama-3.1-8B-Instruct, 7.9, 8.1",
    "deepseek-ai--DeepSeek-V3, 665, 690",
    "mistralai--Mixtral-8x7B-Instruct-v0.1, 46, 47",
    "Qwen--Qwen3-235B-A22B, 233, 237",
  })
  void parameterEstimateFromDimensionsIsWithinAFewPercent(String name, double lo, double hi)
      throws IOException {
    config(name);

    double billions = HfConfig.read(dir, name).architecture().estimateParameters() / 1e9;

    assertThat(billions).isBetween(lo, hi);
  }

  @Test
  void weightBytesComeFromTheSafetensorsIndex() throws IOException {
    config("Qwen--Qwen3-32B");
    Files.writeString(
        dir.resolve("model.safetensors.index.json"),
        "{\"metadata\":{\"total_size\":65524246528},\"weight_map\":{}}");

    assertThat(HfConfig.read(dir, "q").weightBytes()).isEqualTo(65524246528L);
  }

  @Test
  void weightBytesAreSummedFromSafetensorsHeadersWithoutAnIndex() throws IOException {
    config("Qwen--Qwen3-8B");
    byte[] header =
        "{\"a\":{\"dtype\":\"BF16\",\"shape\":[2,3],\"data_offsets\":[0,12]},\"b\":{\"dtype\":\"BF16\",\"shape\":[4],\"data_offsets\":[12,20]}}"
            .getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf = ByteBuffer.allocate(8 + header.length + 20).order(ByteOrder.LITTLE_ENDIAN);
    buf.putLong(header.length).put(header).put(new byte[20]);
    Files.write(dir.resolve("model.safetensors"), buf.array());

    assertThat(HfConfig.read(dir, "q").weightBytes()).isEqualTo(20);
  }

  @Test
  void fp8QuantizationConfigMakesTheCheckpointFp8() throws IOException {
    config("deepseek-ai--DeepSeek-V3");

    assertThat(HfConfig.read(dir, "ds").nativePrecision()).isEqualTo(Precision.FP8);
  }

  /** Each quantization method's config.json block gives the checkpoint's stored precision. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"quant_method\": \"fp8\", \"weight_block_size\": [128, 128]} | fp8",
        "{\"quant_method\": \"mxfp4\"} | fp4",
        "{\"quant_method\": \"awq\", \"bits\": 4, \"group_size\": 128} | int4",
        "{\"quant_method\": \"gptq\", \"bits\": 4} | int4",
        "{\"quant_method\": \"gptq\", \"bits\": 8} | int8",
        "{\"quant_method\": \"bitsandbytes\", \"load_in_4bit\": true} | int4",
        "{\"quant_method\": \"bitsandbytes\", \"load_in_8bit\": true} | int8",
        "{\"quant_method\": \"compressed-tensors\", \"config_groups\": {\"group_0\":"
            + " {\"weights\": {\"num_bits\": 8, \"type\": \"float\"}}}} | fp8",
        "{\"quant_method\": \"compressed-tensors\", \"config_groups\": {\"group_0\":"
            + " {\"weights\": {\"num_bits\": 4, \"type\": \"int\"}}}} | int4",
        "{\"quant_method\": \"compressed-tensors\", \"config_groups\": {\"group_0\":"
            + " {\"weights\": {\"num_bits\": 8, \"type\": \"int\"}}}} | int8",
      })
  void quantizationConfigsGiveTheStoredPrecision(String quantization, String expected)
      throws IOException {
    Files.writeString(
        dir.resolve("config.json"),
        "{\"model_type\": \"llama\", \"hidden_size\": 4096, \"num_attention_heads\": 32,"
            + " \"num_hidden_layers\": 32, \"torch_dtype\": \"bfloat16\","
            + " \"quantization_config\": "
            + quantization
            + "}");

    assertThat(HfConfig.read(dir, "q").nativePrecision().label()).isEqualTo(expected);
  }

  @Test
  void brokenConfigIsAOneLineErrorNamingTheFile() throws IOException {
    Files.writeString(dir.resolve("config.json"), "{ not json");

    assertThatThrownBy(() -> HfConfig.read(dir, "x"))
        .isInstanceOf(AimException.class)
        .hasMessageStartingWith(dir.resolve("config.json") + ": not valid JSON");
  }

  @ParameterizedTest
  @CsvSource({
    "meta-llama/Llama-3.1-8B-Instruct, 8B",
    "Qwen/Qwen3-235B-A22B, 235B",
    "mistralai/Mixtral-8x7B-Instruct-v0.1, 8X7B",
    "org/model-without-size, ",
    "Qwen/Qwen2.5-0.5B, 0.5B",
  })
  void sizeLabelsAreReadFromModelIds(String id, String label) {
    assertThat(SizeLabel.fromModelId(id)).isEqualTo(label);
  }

  @Test
  void aConfigLargerThanTheCapIsOneLineNotAnOutOfMemory() throws IOException {
    byte[] huge = new byte[HfConfig.MAX_CONFIG_BYTES + 10];
    java.util.Arrays.fill(huge, (byte) ' ');
    huge[0] = '{';
    Files.write(dir.resolve("config.json"), huge);

    assertThatThrownBy(() -> HfConfig.read(dir, "acme/x"))
        .isInstanceOf(AimException.class)
        .hasMessageContaining("config.json")
        .hasMessageContaining("larger than 4 MiB");
  }

  @Test
  void aDeeplyNestedConfigIsInvalidJsonNamingTheFile() throws IOException {
    Files.writeString(dir.resolve("config.json"), "[".repeat(5000) + "]".repeat(5000));

    assertThatThrownBy(() -> HfConfig.read(dir, "acme/x"))
        .isInstanceOf(AimException.class)
        .hasMessageContaining("config.json")
        .hasMessageContaining("not valid JSON");
  }
}
