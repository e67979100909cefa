package io.aimengine.core.catalog;

import io.aimengine.core.model.ModelFacts;
import io.aimengine.core.model.Precision;
import io.aimengine.core.model.QuantizedName;
import java.util.List;

/**
 * A model file from the catalog ({@code models/<org>/<name>.yaml}).
 *
 * @param id canonical Hugging Face id
 * @param name display name
 * @param publisher who publishes it
 * @param readiness readiness level ("production", "preview", "experimental")
 * @param variants other checkpoints of the same model (FP8 variants, AMD Quark builds)
 * @param tags free-form tags
 * @param facts the memory-planning facts
 * @param file the file it was read from
 * @param stored variants whose stored precision (and size) the file declares
 */
public record ModelEntry(
    String id,
    String name,
    String publisher,
    String readiness,
    List<String> variants,
    List<String> tags,
    ModelFacts facts,
    String file,
    List<Variant> stored) {

  /**
   * A variant checkpoint's storage as the model file declares it.
   *
   * @param id the variant's Hugging Face id
   * @param precision how its linear layers are stored
   * @param bytes tensor bytes of the checkpoint, 0 when the file gives none
   */
  public record Variant(String id, Precision precision, long bytes) {}

  public ModelEntry {
    variants = List.copyOf(variants);
    tags = List.copyOf(tags);
    stored = List.copyOf(stored);
  }

  /** An entry whose variants store what the model stores (or say it in their names). */
  public ModelEntry(
      String id,
      String name,
      String publisher,
      String readiness,
      List<String> variants,
      List<String> tags,
      ModelFacts facts,
      String file) {
    this(id, name, publisher, readiness, variants, tags, facts, file, List.of());
  }

  /**
   * The facts for {@code modelId}, this model or one of its variants: a variant keeps the
   * architecture and parameter count, and is stored at the precision the file declares for it, else
   * at the one its name carries ("-FP8", "-FP8-KV", "-AWQ", "-GPTQ-Int4", "-MXFP4"), else as the
   * model is.
   */
  public ModelFacts factsFor(String modelId) {
    if (modelId.equalsIgnoreCase(id)) {
      return facts;
    }
    for (Variant v : stored) {
      if (v.id().equalsIgnoreCase(modelId)) {
        return facts.quantizedAs(
            modelId,
            v.precision(),
            v.bytes(),
            "catalog: " + file + ", variant stored at " + v.precision());
      }
    }
    Precision named = QuantizedName.precision(modelId).orElse(null);
    if (named != null && named.bits() < facts.nativePrecision().bits()) {
      return facts.quantizedAs(
          modelId,
          named,
          0,
          "catalog: " + file + ", variant stored at " + named + " (from its name; size estimated)");
    }
    return new ModelFacts(
        modelId,
        facts.family(),
        facts.sizeLabel(),
        facts.parameters(),
        facts.weightBytes(),
        facts.nativePrecision(),
        facts.architecture(),
        facts.source() + ", variant " + modelId);
  }
}
