package io.aimengine.runtime.cache;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a pull did.
 *
 * @param repo the model
 * @param revision the revision asked for
 * @param commit the commit it resolved to
 * @param snapshot the snapshot folder engines read ({@code snapshots/<commit>})
 * @param files the files now in the snapshot that the pull selected
 * @param totalBytes their size
 * @param fetchedBytes bytes received from the network by this pull (0 for a cache hit)
 * @param downloadedFiles files this pull downloaded (rather than found cached)
 * @param network whether the pull talked to the Hub at all
 * @param elapsed wall time
 */
public record PullResult(
    RepoId repo,
    String revision,
    String commit,
    Path snapshot,
    List<String> files,
    long totalBytes,
    long fetchedBytes,
    int downloadedFiles,
    boolean network,
    Duration elapsed) {
  public PullResult {
    files = List.copyOf(files);
  }
}
