package io.aimengine.runtime.cache;

import java.util.List;

/**
 * A repo at a revision, from {@code GET /api/models/{repo}/revision/{revision}?blobs=true}.
 *
 * @param repo the repo
 * @param commit the 40-hex commit the revision resolved to
 * @param files every file at that commit
 * @param gated whether the repo asks users to accept terms ("auto"/"manual" on the Hub)
 */
public record RepoInfo(RepoId repo, String commit, List<RemoteFile> files, boolean gated) {
  public RepoInfo {
    files = List.copyOf(files);
  }
}
