package io.aimengine.runtime.cache;

import java.util.List;

/**
 * A repo at a revision, from {@code GET /api/models/{repo}/revision/{revision}?blobs=true}.
 *
 * @param repo the repo
 * @param commit the 40-hex commit the revision resolved to
 * @param files every file at that commit
 * @param gated whether the repo asks users to accept terms ("auto"/"manual" on the Hub)
 * @param safetensorsParameters the Hub's summary of the safetensors weights, parameters per dtype
 *     ({@code safetensors.parameters}: {@code {"BF16": 32762123264}}); empty when it sent none
 */
public record RepoInfo(
    RepoId repo,
    String commit,
    List<RemoteFile> files,
    boolean gated,
    java.util.Map<String, Long> safetensorsParameters) {
  public RepoInfo {
    files = List.copyOf(files);
    safetensorsParameters = java.util.Map.copyOf(safetensorsParameters);
  }

  public RepoInfo(RepoId repo, String commit, List<RemoteFile> files, boolean gated) {
    this(repo, commit, files, gated, java.util.Map.of());
  }
}
