package io.aimengine.runtime.cache;

/**
 * What to pull.
 *
 * @param repo the model
 * @param revision branch, tag or commit ("main" by default), checked by {@link Revision} before
 *     anything is fetched
 * @param patterns which files
 * @param offline use only the cache; fail naming what is missing
 */
public record PullRequest(RepoId repo, String revision, FilePatterns patterns, boolean offline) {
  public PullRequest {
    revision = Revision.check(revision == null || revision.isBlank() ? "main" : revision.trim());
    patterns = patterns == null ? FilePatterns.defaults(java.util.List.of()) : patterns;
  }

  /** The default files of a model's main branch. */
  public static PullRequest of(String modelId) {
    return new PullRequest(RepoId.of(modelId), "main", null, false);
  }

  public PullRequest withOffline(boolean off) {
    return new PullRequest(repo, revision, patterns, off);
  }
}
