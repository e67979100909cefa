package io.aimengine.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimengine.core.AimException;
import io.aimengine.core.model.Architecture;
import io.aimengine.core.model.HfConfig;
import io.aimengine.core.model.ModelFacts;
import io.aimengine.core.model.Precision;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a catalog model file ({@code models/<org>/<name>.yaml}). The {@code architecture} block
 * uses Hugging Face config.json key names, so a config can be pasted in. Format in docs/recipes.md.
 * Stateless.
 */
public final class ModelFileParser {
  private ModelFileParser() {}

  /** Parses a model file; fails with a one-line error naming the file and field. */
  public static ModelEntry parse(String file, String text) {
    JsonNode root;
    try {
      root = Yaml.read(text);
    } catch (IOException e) {
      throw AimException.invalid(file + ": not valid YAML: " + Yaml.oneLine(e));
    }
    if (!root.isObject()) {
      throw AimException.invalid(file + ": expected a YAML mapping at the top level");
    }
    String id = required(file, root, "id");
    JsonNode weights = root.path("weights");
    Precision nativePrecision = Precision.BF16;
    if (weights.has("precision")) {
      nativePrecision =
          Precision.parse(weights.get("precision").asText(), file + ":weights.precision");
    }
    long weightBytes = weights.path("bytes").asLong(0);
    long parameters = root.path("parameters").asLong(0);
    Architecture arch = null;
    if (root.has("architecture")) {
      arch = HfConfig.architectureOf(root.get("architecture"));
      if (arch == null) {
        throw AimException.invalid(
            file
                + ":architecture: needs num_hidden_layers, hidden_size and num_attention_heads"
                + " (Hugging Face config.json names)");
      }
    }
    ModelFacts facts =
        new ModelFacts(
            id,
            text(root, "family"),
            text(root, "size"),
            parameters,
            weightBytes,
            nativePrecision,
            arch,
            "catalog: " + file);
    List<String> variants = new ArrayList<>();
    List<ModelEntry.Variant> stored = new ArrayList<>();
    JsonNode vs = root.get("variants");
    if (vs != null && vs.isArray()) {
      for (int i = 0; i < vs.size(); i++) {
        JsonNode v = vs.get(i);
        if (!v.isObject()) {
          variants.add(v.asText());
          continue;
        }
        String where = file + ":variants[" + i + "]";
        String vid = required(where, v, "id");
        variants.add(vid);
        JsonNode w = v.path("weights");
        if (w.has("precision")) {
          stored.add(
              new ModelEntry.Variant(
                  vid,
                  Precision.parse(w.get("precision").asText(), where + ".weights.precision"),
                  w.path("bytes").asLong(0)));
        }
      }
    }
    return new ModelEntry(
        id,
        text(root, "name") == null ? id : text(root, "name"),
        text(root, "publisher"),
        text(root, "readiness") == null ? "unknown" : text(root, "readiness"),
        variants,
        list(root.get("tags")),
        facts,
        file,
        stored);
  }

  private static String required(String file, JsonNode root, String field) {
    String v = text(root, field);
    if (v == null || v.isBlank()) {
      throw AimException.invalid(file + ":" + field + ": required field is missing");
    }
    return v;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static List<String> list(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n != null && n.isArray()) {
      n.forEach(e -> out.add(e.asText()));
    }
    return out;
  }
}
