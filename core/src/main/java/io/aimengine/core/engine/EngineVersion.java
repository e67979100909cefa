package io.aimengine.core.engine;

import io.aimengine.core.AimException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An engine release version, compared numerically part by part: {@code 0.10.2 < 0.11.0 <
 * 0.11.0.post1}, {@code 0.11.0rc1 < 0.11.0}, a missing part counts as 0 ({@code 0.18 == 0.18.0}).
 * Accepts a leading {@code v} and, for llama.cpp builds, {@code b} ({@code b4500}). Local build
 * suffixes ({@code +rocm6.3}) are ignored. Immutable.
 *
 * @param parts the numeric release parts
 * @param preRelease true for rc/alpha/beta/dev builds, which sort before the release itself
 * @param post the post-release number (0.9.2.post1 → 1), 0 when none
 * @param text the version as written
 */
public record EngineVersion(List<Integer> parts, boolean preRelease, int post, String text)
    implements Comparable<EngineVersion> {
  private static final Pattern FORM =
      Pattern.compile(
          "(?i)^[vb]?(\\d+(?:\\.\\d+)*)(?:[.-]?(rc|a|alpha|b|beta|dev)\\.?\\d*)?(?:[.-]?post(\\d+))?(?:\\+.*)?$");

  public EngineVersion {
    parts = List.copyOf(parts);
  }

  /** Parses a version, empty when it is not one. */
  public static Optional<EngineVersion> find(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Optional<EngineVersion> known = SEEN.get(text);
    if (known != null) {
      return known;
    }
    Optional<EngineVersion> v = read(text);
    if (SEEN.size() < SEEN_MAX) {
      SEEN.putIfAbsent(text, v);
    }
    return v;
  }

  /**
   * Versions already read, by text: a plan checks every recipe flag against the release it is
   * fitted to and the releases the flag table names (~1,000 look-ups of a dozen strings, each a
   * regular-expression match: ~3% of a plan). Bounded, for a long-running operator that reads
   * versions from user resources.
   */
  private static final java.util.Map<String, Optional<EngineVersion>> SEEN =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static final int SEEN_MAX = 1024;

  private static Optional<EngineVersion> read(String text) {
    Matcher m = FORM.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    List<Integer> parts = new ArrayList<>();
    for (String p : m.group(1).split("\\.")) {
      try {
        parts.add(Integer.parseInt(p));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    int post = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
    return Optional.of(new EngineVersion(parts, m.group(2) != null, post, text.trim()));
  }

  /** Parses a version or fails with a one-line error naming {@code where}. */
  public static EngineVersion parse(String text, String where) {
    return find(text)
        .orElseThrow(
            () ->
                AimException.invalid(
                    where + ": '" + text + "' is not an engine version; expected e.g. 0.11.0"));
  }

  public boolean isBefore(EngineVersion other) {
    return compareTo(other) < 0;
  }

  public boolean isAtLeast(EngineVersion other) {
    return compareTo(other) >= 0;
  }

  @Override
  public int compareTo(EngineVersion o) {
    int n = Math.max(parts.size(), o.parts.size());
    for (int i = 0; i < n; i++) {
      int a = i < parts.size() ? parts.get(i) : 0;
      int b = i < o.parts.size() ? o.parts.get(i) : 0;
      if (a != b) {
        return Integer.compare(a, b);
      }
    }
    if (preRelease != o.preRelease) {
      return preRelease ? -1 : 1;
    }
    return Integer.compare(post, o.post);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EngineVersion v && compareTo(v) == 0;
  }

  @Override
  public int hashCode() {
    List<Integer> trimmed = new ArrayList<>(parts);
    while (!trimmed.isEmpty() && trimmed.get(trimmed.size() - 1) == 0) {
      trimmed.remove(trimmed.size() - 1);
    }
    return trimmed.hashCode() * 31 + (preRelease ? 1 : 0) + post * 7;
  }

  @Override
  public String toString() {
    return text;
  }
}
