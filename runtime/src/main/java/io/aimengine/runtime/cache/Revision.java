package io.aimengine.runtime.cache;

import io.aimengine.core.AimException;
import java.util.regex.Pattern;

/**
 * What a revision may be: a commit sha, or a branch or tag name as git allows them and the Hub uses
 * them ({@code main}, {@code v1.0}, {@code refs/pr/1}). A revision becomes a path under {@code
 * refs/} in the cache, so it is checked before any request: nothing that climbs out ({@code ..}),
 * starts at the root, or that git itself refuses. Pure.
 */
public final class Revision {
  private static final Pattern CHARS = Pattern.compile("[A-Za-z0-9._/+-]{1,255}");

  private Revision() {}

  /**
   * {@code revision} when it is usable.
   *
   * @throws AimException invalid input naming {@code --revision} and what is expected
   */
  public static String check(String revision) {
    if (revision == null
        || !CHARS.matcher(revision).matches()
        || revision.startsWith("-")
        || revision.startsWith("/")
        || revision.endsWith("/")
        || revision.endsWith(".lock")
        || revision.contains("..")
        || revision.contains("//")
        || revision.contains("/.")
        || revision.startsWith(".")) {
      throw AimException.invalid(
          "--revision '"
              + revision
              + "': expected a branch, tag or commit (letters, digits, '.', '_', '-', '+' and"
              + " '/' between names, e.g. main, v1.0, refs/pr/1)");
    }
    return revision;
  }
}
