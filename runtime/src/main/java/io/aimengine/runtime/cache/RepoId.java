package io.aimengine.runtime.cache;

import io.aimengine.core.AimException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Hugging Face model repository id ({@code "Qwen/Qwen3-32B"}, or a legacy single name such as
 * {@code "gpt2"}), validated by the Hub's own rules so it maps to exactly one cache folder.
 *
 * @param id the id as the Hub spells it
 */
public record RepoId(String id) {
  private static final Pattern VALID = Pattern.compile("^([\\w.\\-]{1,96}/)?[\\w.\\-]{1,96}$");
  private static final String PREFIX = "models--";

  public RepoId {
    if (id == null
        || !VALID.matcher(id).matches()
        || id.contains("--")
        || id.contains("..")
        || id.startsWith(".")
        || id.startsWith("-")
        || id.endsWith(".")
        || id.endsWith("-")) {
      throw AimException.invalid(
          "'"
              + id
              + "' is not a Hugging Face model id: expected ORG/NAME (letters, digits, '-', '_',"
              + " '.'; no '--' or '..')");
    }
  }

  public static RepoId of(String id) {
    return new RepoId(id);
  }

  /** The id when {@code text} is a valid Hub model id, else empty. */
  public static Optional<RepoId> parse(String text) {
    try {
      return Optional.of(new RepoId(text));
    } catch (AimException e) {
      return Optional.empty();
    }
  }

  /** The cache folder name: {@code models--Org--Name}. */
  public String folderName() {
    return PREFIX + id.replace("/", "--");
  }

  /** The repo a cache folder name stands for; empty for datasets, spaces and stray folders. */
  public static Optional<RepoId> fromFolderName(String folder) {
    if (!folder.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String rest = folder.substring(PREFIX.length());
    int sep = rest.indexOf("--");
    String id = sep < 0 ? rest : rest.substring(0, sep) + "/" + rest.substring(sep + 2);
    try {
      return Optional.of(new RepoId(id));
    } catch (AimException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return id;
  }
}
