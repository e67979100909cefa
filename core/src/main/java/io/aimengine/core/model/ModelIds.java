package io.aimengine.core.model;

import io.aimengine.core.EditDistance;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * Model ids as users write them: Ollama-style {@code hf.co/org/repo:Q4_K_M} (a GGUF quantization of
 * a Hub repo) besides plain {@code org/repo}, and did-you-mean for misspelt ids. Pure.
 */
public final class ModelIds {
  private ModelIds() {}

  /**
   * The Hub repo an id names: without an {@code hf.co/} or {@code huggingface.co/} prefix and
   * without a {@code :QUANT} tag. Local paths are returned unchanged.
   */
  public static String repo(String model) {
    if (model.startsWith("/") || model.startsWith(".") || model.startsWith("~")) {
      return model;
    }
    String m = model;
    for (String host : List.of("https://", "hf.co/", "huggingface.co/")) {
      if (m.startsWith(host)) {
        m = m.substring(host.length());
      }
    }
    int colon = m.indexOf(':');
    return colon > 0 && m.indexOf('/') > 0 ? m.substring(0, colon) : m;
  }

  /**
   * True when the id alone names GGUF weights, which llama.cpp serves: a {@code .gguf} file or a
   * {@code org/repo:QUANT} tag (a repo that holds only GGUF files is known from its listing).
   */
  public static boolean namesGguf(String model) {
    return model.toLowerCase(java.util.Locale.ROOT).endsWith(".gguf") || ggufTag(model).isPresent();
  }

  /** The {@code :QUANT} tag of {@code org/repo:QUANT} (a GGUF quantization), empty when none. */
  public static java.util.Optional<String> ggufTag(String model) {
    String r = repo(model);
    if (r.equals(model) && !model.contains(":")) {
      return java.util.Optional.empty();
    }
    int colon = model.lastIndexOf(':');
    String tag = colon < 0 ? "" : model.substring(colon + 1).trim();
    return tag.isEmpty() || tag.contains("/") || r.equals(model)
        ? java.util.Optional.empty()
        : java.util.Optional.of(tag);
  }

  /**
   * Up to three of {@code known} within a few edits of {@code id} (case ignored; about one edit per
   * four characters, at least three), closest first.
   */
  public static List<String> closest(String id, Collection<String> known) {
    String want = id.toLowerCase(Locale.ROOT);
    record Scored(String id, int distance) {}
    List<Scored> scored = new ArrayList<>();
    for (String k : new LinkedHashSet<>(known)) {
      int d = EditDistance.between(want, k.toLowerCase(Locale.ROOT));
      if (d <= Math.max(3, want.length() / 4)) {
        scored.add(new Scored(k, d));
      }
    }
    return scored.stream()
        .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::id))
        .limit(3)
        .map(Scored::id)
        .toList();
  }
}
