package io.aimengine.core.catalog;

import io.aimengine.core.model.ModelFacts;
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
 */
public record ModelEntry(
    String id,
    String name,
    String publisher,
    String readiness,
    List<String> variants,
    List<String> tags,
    ModelFacts facts,
    String file) {

  public ModelEntry {
    variants = List.copyOf(variants);
    tags = List.copyOf(tags);
  }
}
