package io.aimengine.core.model;

import java.util.List;
import java.util.Locale;

/**
 * What the Hub lists for a repo at one commit: its files with sizes. Tells a safetensors repo from
 * a GGUF one, and which quantizations a GGUF repo offers. Immutable.
 *
 * @param id the repo id
 * @param commit the 40-hex commit the listing is of
 * @param files every file
 */
public record HubRepo(String id, String commit, List<RepoFile> files) {
  public HubRepo {
    files = List.copyOf(files);
  }

  /** Whether the repo holds safetensors weights (what vLLM and SGLang load). */
  public boolean hasSafetensors() {
    return files.stream().anyMatch(f -> f.path().toLowerCase(Locale.ROOT).endsWith(".safetensors"));
  }

  /** The GGUF quantizations it offers, best first (see {@link GgufQuant#fromListing}). */
  public List<GgufQuant> ggufQuants() {
    return GgufQuant.fromListing(files);
  }
}
