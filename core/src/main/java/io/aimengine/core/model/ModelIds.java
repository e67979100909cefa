package io.aimengine.core.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/** Did-you-mean for model ids: the known ids closest to a misspelt one. Pure. */
public final class ModelIds {
  private ModelIds() {}

  /**
   * Up to three of {@code known} within a few edits of {@code id} (case ignored; about one edit per
   * four characters, at least three), closest first.
   */
  public static List<String> closest(String id, Collection<String> known) {
    String want = id.toLowerCase(Locale.ROOT);
    record Scored(String id, int distance) {}
    List<Scored> scored = new ArrayList<>();
    for (String k : new LinkedHashSet<>(known)) {
      int d = distance(want, k.toLowerCase(Locale.ROOT));
      if (d <= Math.max(3, want.length() / 4)) {
        scored.add(new Scored(k, d));
      }
    }
    return scored.stream()
        .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::id))
        .limit(3)
        .map(Scored::id)
        .toList();
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
