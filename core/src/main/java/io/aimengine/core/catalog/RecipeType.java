package io.aimengine.core.catalog;

import java.util.Locale;
import java.util.Optional;

/**
 * Maturity of a recipe, in ranking order: optimized (validated and tuned) beats preview beats
 * unoptimized (functional) beats general (model-agnostic fallback).
 */
public enum RecipeType {
  OPTIMIZED,
  PREVIEW,
  UNOPTIMIZED,
  GENERAL;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<RecipeType> find(String s) {
    if (s == null) {
      return Optional.empty();
    }
    for (RecipeType t : values()) {
      if (t.label().equals(s.trim().toLowerCase(Locale.ROOT))) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return label();
  }
}
