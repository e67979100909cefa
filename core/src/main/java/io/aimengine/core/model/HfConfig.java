package io.aimengine.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimengine.core.AimException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads model facts from a Hugging Face model directory: {@code config.json} for the architecture,
 * {@code model.safetensors.index.json} (metadata.total_size) or the {@code *.safetensors} headers
 * for the weight bytes. Pure file reading; no network.
 */
public final class HfConfig {
  /** config.json files are a few KiB (a long quantization ignore list: ~100 KiB). */
  public static final int MAX_CONFIG_BYTES = 4 << 20;

  /** A safetensors index lists every tensor: ~10 MiB for the largest models (DeepSeek-V3). */
  static final int MAX_INDEX_BYTES = 64 << 20;

  private static final JsonTree JSON = new JsonTree(64);

  private HfConfig() {}

  /** Facts from a directory holding config.json; {@code id} names the model in messages. */
  public static ModelFacts read(Path dir, String id) {
    Path config = dir.resolve("config.json");
    if (!Files.isRegularFile(config)) {
      throw AimException.invalid(config + ": no config.json in the model directory");
    }
    return fromConfig(parseConfig(config), id, config.toString(), weightBytes(dir));
  }

  /**
   * Facts from a directory holding config.json, sized by parameter counts per dtype when known (the
   * Hub's safetensors summary): weight bytes are then exact, the precision is the quantization
   * config's or else the dtype most weights are stored in.
   */
  public static ModelFacts read(Path dir, String id, DtypeCounts counts) {
    if (counts == null || counts.isEmpty()) {
      return read(dir, id);
    }
    Path config = dir.resolve("config.json");
    if (!Files.isRegularFile(config)) {
      throw AimException.invalid(config + ": no config.json in the model directory");
    }
    JsonNode root = parseConfig(config);
    ModelFacts f = fromConfig(root, id, config.toString(), counts.bytes());
    JsonNode text = root.has("text_config") ? root.get("text_config") : root;
    boolean quantized = root.has("quantization_config") || text.has("quantization_config");
    Precision stored = DtypeCounts.precisionOf(counts.dominant());
    Precision precision = quantized || stored == null ? f.nativePrecision() : stored;
    return new ModelFacts(
        f.id(),
        f.family(),
        f.sizeLabel(),
        counts.hasPackedBytes() ? 0 : counts.total(),
        counts.bytes(),
        precision,
        f.architecture(),
        config + ", parameters per dtype " + counts.byDtype());
  }

  /**
   * Parses a config.json, refusing one over {@link #MAX_CONFIG_BYTES} without reading past the cap
   * (a corrupt or hostile file, a FIFO).
   *
   * @throws AimException (invalid input) naming the file: too large, not JSON, not an object
   */
  public static JsonNode parseConfig(Path config) {
    JsonNode root = readJson(config, MAX_CONFIG_BYTES);
    if (root == null || !root.isObject()) {
      throw AimException.invalid(config + ": expected a JSON object");
    }
    return root;
  }

  private static JsonNode readJson(Path file, int cap) {
    byte[] bytes;
    try (java.io.InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(cap + 1);
    } catch (IOException e) {
      throw AimException.invalid(file + ": cannot read (" + oneLine(e) + ")");
    }
    if (bytes.length > cap) {
      throw AimException.invalid(
          file
              + ": larger than "
              + (cap >> 20)
              + " MiB, not a model's metadata file; is it corrupt?");
    }
    try {
      return JSON.read(bytes);
    } catch (IOException e) {
      throw AimException.invalid(file + ": not valid JSON (" + oneLine(e) + ")");
    }
  }

  /** Facts from a parsed config.json object. {@code weightBytes} 0 when unknown. */
  public static ModelFacts fromConfig(JsonNode c, String id, String source, long weightBytes) {
    // Multimodal configs nest the language model (Mistral-Small-3.x, Llama-4, Gemma-3).
    JsonNode text = c.has("text_config") ? c.get("text_config") : c;
    Architecture arch = architecture(text);
    Precision nativePrecision = nativePrecision(c, text);
    String label = SizeLabel.fromModelId(id);
    return new ModelFacts(
        id,
        str(text, "model_type", str(c, "model_type", null)),
        label,
        0,
        weightBytes,
        nativePrecision,
        arch,
        source);
  }

  /** The architecture block of a config.json object; null when the core dimensions are missing. */
  public static Architecture architectureOf(JsonNode c) {
    return architecture(c);
  }

  static Architecture architecture(JsonNode c) {
    int hidden = integer(c, "hidden_size", 0);
    int heads = integer(c, "num_attention_heads", 0);
    int layers = integer(c, "num_hidden_layers", 0);
    if (hidden <= 0 || heads <= 0 || layers <= 0) {
      return null;
    }
    int kvHeads = integer(c, "num_key_value_heads", heads);
    int headDim = integer(c, "head_dim", hidden / heads);
    int inter = integer(c, "intermediate_size", 0);
    Architecture.Moe moe = null;
    int experts =
        integer(
            c, "num_experts", integer(c, "n_routed_experts", integer(c, "num_local_experts", 0)));
    if (experts > 0) {
      moe =
          new Architecture.Moe(
              experts,
              integer(c, "num_experts_per_tok", 0),
              integer(c, "moe_intermediate_size", inter),
              integer(c, "n_shared_experts", 0),
              integer(c, "first_k_dense_replace", 0));
    }
    Architecture.Mla mla = null;
    if (c.has("kv_lora_rank") && !c.get("kv_lora_rank").isNull()) {
      mla = new Architecture.Mla(integer(c, "kv_lora_rank", 0), integer(c, "qk_rope_head_dim", 0));
    }
    boolean tied = c.path("tie_word_embeddings").asBoolean(false);
    return new Architecture(
        str(c, "model_type", "unknown"),
        layers,
        hidden,
        heads,
        kvHeads,
        headDim,
        inter,
        integer(c, "vocab_size", 0),
        integer(c, "max_position_embeddings", 0),
        integer(c, "sliding_window", 0),
        tied,
        moe,
        mla);
  }

  static Precision nativePrecision(JsonNode c, JsonNode text) {
    JsonNode q =
        c.has("quantization_config")
            ? c.get("quantization_config")
            : text.get("quantization_config");
    if (q != null && q.isObject()) {
      String method = q.path("quant_method").asText("").toLowerCase(Locale.ROOT);
      String fmt = q.path("fmt").asText("") + q.path("quant_format").asText("");
      int bits = q.path("bits").asInt(0);
      if (method.equals("bitsandbytes")) {
        return q.path("load_in_4bit").asBoolean(false) ? Precision.INT4 : Precision.INT8;
      }
      if (method.equals("compressed-tensors")) {
        // config_groups.<group>.weights: {num_bits, type: float|int}
        for (JsonNode g : (Iterable<JsonNode>) () -> q.path("config_groups").elements()) {
          JsonNode w = g.path("weights");
          int n = w.path("num_bits").asInt(0);
          boolean fp = w.path("type").asText("int").equalsIgnoreCase("float");
          if (n == 8) {
            return fp ? Precision.FP8 : Precision.INT8;
          }
          if (n == 4) {
            return fp ? Precision.FP4 : Precision.INT4;
          }
        }
      }
      if (method.contains("fp8") || fmt.contains("fp8") || fmt.contains("e4m3")) {
        return Precision.FP8;
      }
      if (method.contains("mxfp4") || method.contains("fp4")) {
        return Precision.FP4;
      }
      if (bits == 8) {
        return Precision.INT8;
      }
      if (bits == 4 || method.equals("awq") || method.equals("gptq")) {
        return Precision.INT4;
      }
    }
    String dtype = str(c, "torch_dtype", str(c, "dtype", str(text, "torch_dtype", "bfloat16")));
    return Precision.find(dtype).orElse(Precision.BF16);
  }

  /** Tensor bytes from the safetensors index, else summed from single-file headers; 0 if none. */
  public static long weightBytes(Path dir) {
    Path index = dir.resolve("model.safetensors.index.json");
    if (Files.isRegularFile(index)) {
      JsonNode root = readJson(index, MAX_INDEX_BYTES);
      JsonNode n = root == null ? null : root.path("metadata").path("total_size");
      if (n != null && n.canConvertToLong()) {
        return n.asLong();
      }
    }
    long total = 0;
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (p.getFileName().toString().endsWith(".safetensors")) {
          total += SafetensorsHeader.tensorBytes(p);
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return total;
  }

  private static int integer(JsonNode c, String field, int dflt) {
    JsonNode n = c.get(field);
    return n != null && n.canConvertToInt() && !n.isNull() ? n.asInt() : dflt;
  }

  private static String str(JsonNode c, String field, String dflt) {
    JsonNode n = c.get(field);
    return n != null && n.isTextual() ? n.asText() : dflt;
  }

  static String oneLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
