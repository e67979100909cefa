package io.aimengine.core.model;

import io.aimengine.core.EditDistance;
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
      int d = EditDistance.between(want, k.toLowerCase(Locale.ROOT));
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
}
