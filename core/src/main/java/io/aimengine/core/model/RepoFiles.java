package io.aimengine.core.model;

import java.util.List;

/**
 * Some files of a Hub repo at one commit: what a launch loads when the plan picked files rather
 * than the repo's default set (one GGUF quantization). Immutable.
 *
 * @param repo the repo id
 * @param commit the 40-hex commit
 * @param paths repo paths, the one the engine is given first
 */
public record RepoFiles(String repo, String commit, List<String> paths) {
  public RepoFiles {
    paths = List.copyOf(paths);
  }

  /**
   * Where the first file lies in a Hugging Face cache rooted at {@code hubCache} (the {@code hub}
   * folder): {@code models--org--name/snapshots/<commit>/<path>}.
   */
  public String pathIn(String hubCache) {
    return hubCache
        + "/models--"
        + repo.replace("/", "--")
        + "/snapshots/"
        + commit
        + "/"
        + paths.get(0);
  }
}
