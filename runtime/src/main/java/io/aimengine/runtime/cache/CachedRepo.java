package io.aimengine.runtime.cache;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One model as the cache layout shows it. Everything here is derived from the folder itself, so it
 * cannot drift from what the engines will read.
 *
 * @param repo the model
 * @param dir its {@code models--org--name} folder
 * @param sizeBytes bytes of its complete blobs (each counted once, however many snapshots link it)
 * @param incompleteBytes bytes of partial downloads ({@code blobs/*.incomplete})
 * @param blobCount complete blobs
 * @param refs revision → commit, from {@code refs/}
 * @param snapshots the commits present under {@code snapshots/}, newest first
 * @param lastTouched when the model was last pulled or prepared for a launch (newest mtime of its
 *     snapshot folders and refs)
 */
public record CachedRepo(
    RepoId repo,
    Path dir,
    long sizeBytes,
    long incompleteBytes,
    int blobCount,
    Map<String, String> refs,
    List<Snapshot> snapshots,
    Instant lastTouched) {

  public CachedRepo {
    refs = Map.copyOf(refs);
    snapshots = List.copyOf(snapshots);
  }

  /**
   * One snapshot folder.
   *
   * @param commit the 40-hex commit it holds
   * @param files relative paths of its files (links or copies), sorted
   * @param dangling files whose link points to a missing blob
   * @param touched the folder's mtime
   */
  public record Snapshot(
      String commit, List<String> files, List<String> dangling, Instant touched) {
    public Snapshot {
      files = List.copyOf(files);
      dangling = List.copyOf(dangling);
    }
  }

  /** Distinct file paths over all snapshots. */
  public int fileCount() {
    return (int) snapshots.stream().flatMap(s -> s.files().stream()).distinct().count();
  }

  /** Revisions naming each snapshot, for display: "main", or the short commit when none. */
  public List<String> revisions() {
    List<String> names =
        refs.keySet().stream().sorted().filter(r -> snapshotOf(refs.get(r)) != null).toList();
    List<String> unnamed =
        snapshots.stream()
            .map(Snapshot::commit)
            .filter(c -> !refs.containsValue(c))
            .map(c -> c.substring(0, Math.min(12, c.length())))
            .toList();
    return java.util.stream.Stream.concat(names.stream(), unnamed.stream()).toList();
  }

  private Snapshot snapshotOf(String commit) {
    return snapshots.stream().filter(s -> s.commit().equals(commit)).findFirst().orElse(null);
  }
}
