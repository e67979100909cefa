package io.aimengine.core.catalog;

/**
 * Where a recipe came from.
 *
 * @param file path of the file (inside the catalog jar: {@code catalog/recipes/...})
 * @param format the file format
 * @param entry for prototype files, the expanded entry ("vllm_serve.2_gpu"); null otherwise
 */
public record RecipeSource(String file, Format format, String entry) {

  /** Recipe file formats AIM Engine reads. */
  public enum Format {
    /** AMD AIM profile: metadata / engine_args / env_vars. */
    AIM_PROFILE,
    /** The original prototype: vllm_serve / sglang_serve → N_gpu → enabled + args. */
    PROTOTYPE
  }
}
