package io.aimengine.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimengine.core.plan.Plan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The other Hub repos a plan's engine arguments name, which the engine loads beside the model and
 * so must be in the cache before an offline start: a separate tokenizer and a draft model for
 * speculative decoding. Where each engine names them:
 *
 * <ul>
 *   <li>vLLM: {@code tokenizer} (revision {@code tokenizer-revision}); {@code speculative-config},
 *       a JSON object whose {@code model} is the draft (revision {@code revision}).
 *   <li>SGLang: {@code tokenizer-path}; {@code speculative-draft-model-path} (revision {@code
 *       speculative-draft-model-revision}).
 *   <li>llama.cpp: none (one GGUF file holds everything).
 * </ul>
 *
 * Only values shaped like a Hub id ({@code org/name}) count: local paths and method names ({@code
 * ngram}) are the engine's business. Pure.
 */
public final class CompanionRepos {
  /** Created on the first JSON argument: most plans have none, and Jackson costs start-up. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private static final Pattern HUB_ID =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}");

  /**
   * One other repo.
   *
   * @param role "tokenizer" or "draft model"
   * @param repo the Hub id
   * @param revision branch, tag or commit; "main" unless the arguments name one
   * @param flag the engine argument it came from, for messages
   */
  public record Companion(String role, String repo, String revision, String flag) {}

  private CompanionRepos() {}

  /** The other repos {@code plan} needs, in argument order, without the served model itself. */
  public static List<Companion> of(Plan plan) {
    if (plan.recipe() == null) {
      return List.of();
    }
    return of(plan.engine(), plan.recipe().canonicalArgs(), plan.servedModel());
  }

  /** The other repos {@code args} (canonical keys) name for {@code engine}. */
  public static List<Companion> of(EngineKind engine, Map<String, Object> args, String served) {
    Map<String, Companion> found = new LinkedHashMap<>();
    switch (engine) {
      case VLLM -> {
        add(found, "tokenizer", args.get("tokenizer"), args.get("tokenizer-revision"), "tokenizer");
        JsonNode spec = json(args.get("speculative-config"));
        if (spec != null) {
          add(
              found,
              "draft model",
              text(spec.get("model")),
              text(spec.get("revision")),
              "speculative-config");
        }
      }
      case SGLANG -> {
        add(found, "tokenizer", args.get("tokenizer-path"), null, "tokenizer-path");
        add(
            found,
            "draft model",
            args.get("speculative-draft-model-path"),
            args.get("speculative-draft-model-revision"),
            "speculative-draft-model-path");
      }
      case LLAMACPP -> {
        // one GGUF file: nothing beside it
      }
    }
    found.remove(served);
    return new ArrayList<>(found.values());
  }

  private static void add(
      Map<String, Companion> found, String role, Object value, Object revision, String flag) {
    if (value == null) {
      return;
    }
    String id = String.valueOf(value).strip();
    if (!HUB_ID.matcher(id).matches() || id.startsWith(".") || id.contains("..")) {
      return;
    }
    String rev = revision == null || String.valueOf(revision).isBlank() ? "main" : revision + "";
    found.putIfAbsent(id, new Companion(role, id, rev.strip(), flag));
  }

  private static JsonNode json(Object v) {
    if (v == null) {
      return null;
    }
    try {
      JsonNode n = v instanceof String s ? Json.MAPPER.readTree(s) : Json.MAPPER.valueToTree(v);
      return n != null && n.isObject() ? n : null;
    } catch (java.io.IOException | IllegalArgumentException e) {
      return null; // not JSON: the flag check reports it
    }
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }
}
