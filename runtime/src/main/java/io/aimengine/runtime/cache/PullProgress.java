package io.aimengine.runtime.cache;

/**
 * Hears how a pull goes, to draw a progress bar. {@link #advanced} is called from many threads at
 * once and often (every few KiB); implementations add to a counter and draw on their own clock.
 */
public interface PullProgress {
  PullProgress NONE = new PullProgress() {};

  /**
   * The pull knows its work.
   *
   * @param files files selected
   * @param totalBytes their size
   * @param presentBytes of which already cached or partially downloaded
   */
  default void started(RepoId repo, String commit, int files, long totalBytes, long presentBytes) {}

  /** {@code bytes} more are on disk (downloaded, or found done by another process). */
  default void advanced(long bytes) {}

  /** Another process or thread is downloading {@code file}; this pull waits for it. */
  default void waiting(String file) {}

  /** A file was verified and published. */
  default void fileDone(String file) {}

  /** The pull ended, successfully or not: clear the bar. */
  default void finished() {}
}
