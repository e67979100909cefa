package io.aimengine.core.plan;

import io.aimengine.core.model.ModelFacts;
import io.aimengine.core.model.Precision;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The documented selection rules that are tables rather than arithmetic (docs/recipes.md, "How a
 * recipe is chosen"). Pure functions.
 */
final class SelectionRules {
  /** GPU counts tried, smallest first. */
  static final List<Integer> COUNTS = List.of(1, 2, 4, 8);

  /** Automatic precision fallback order after the size rule's choice. */
  static final List<Precision> FALLBACK = List.of(Precision.BF16, Precision.FP16, Precision.FP8);

  private SelectionRules() {}

  /**
   * The original design's size rule: models up to 8B serve at fp16, larger ones at bf16 (better
   * numerical range); unknown size → bf16.
   */
  static Precision sizeRulePrecision(ModelFacts facts) {
    double b = facts.billions();
    return b > 0 && b <= 8.5 ? Precision.FP16 : Precision.BF16;
  }

  /**
   * The preference order: the size rule's precision, then bf16 → fp16 → fp8. A checkpoint stored
   * narrower than 16 bits (DeepSeek-V3's FP8) puts its own precision first: its weights are that
   * size whatever the activation precision.
   */
  static List<Precision> preferenceOrder(ModelFacts facts) {
    Set<Precision> order = new LinkedHashSet<>();
    if (facts.nativePrecision().bits() < 16) {
      order.add(facts.nativePrecision());
    }
    order.add(sizeRulePrecision(facts));
    order.addAll(FALLBACK);
    return new ArrayList<>(order);
  }

  /**
   * llama.cpp serves a GGUF file as it is stored (the quantization is the file's), so the stored
   * precision comes first and every other one is only a fallback label, all in one stage.
   */
  static List<Precision> storedFirst(ModelFacts facts) {
    Set<Precision> order = new LinkedHashSet<>();
    order.add(facts.nativePrecision());
    order.addAll(List.of(Precision.values()));
    return new ArrayList<>(order);
  }

  /**
   * Precision stages: precisions grouped by memory class (16-bit, then 8-bit), each stage in
   * preference order. Inside a stage recipes compete on maturity first, so a tuned fp16 recipe
   * beats a general bf16 fallback; a narrower class is tried only when the wider one fits nowhere.
   */
  static List<List<Precision>> stages(List<Precision> preference, ModelFacts facts) {
    List<List<Precision>> stages = new ArrayList<>();
    int nativeBits = facts.nativePrecision().bits();
    for (Precision p : preference) {
      // Serving a narrow checkpoint at 16 bits costs the same weight memory: one stage.
      int bits = stageBits(p, nativeBits);
      List<Precision> stage =
          stages.stream()
              .filter(s -> stageBits(s.get(0), nativeBits) == bits)
              .findFirst()
              .orElse(null);
      if (stage == null) {
        stage = new ArrayList<>();
        stages.add(stage);
      }
      stage.add(p);
    }
    stages.sort(
        (a, b) ->
            Integer.compare(stageBits(b.get(0), nativeBits), stageBits(a.get(0), nativeBits)));
    return stages;
  }

  private static int stageBits(Precision p, int nativeBits) {
    return nativeBits < 16 && p.bits() >= nativeBits && p.bits() <= 16 ? nativeBits : p.bits();
  }

  /**
   * The original design's size table, used only when memory facts are unknown: 7–8B → 1, 13–14B →
   * 2, 32–34B → 4, 70–72B → 8; sizes between rows take the next row up; 0 when the size is unknown.
   */
  static int sizeTableCount(ModelFacts facts) {
    double b = facts.billions();
    if (b <= 0) {
      return 0;
    }
    if (b <= 8.5) {
      return 1;
    }
    if (b <= 14.5) {
      return 2;
    }
    if (b <= 34.5) {
      return 4;
    }
    return 8;
  }

  /** Largest count of {@link #COUNTS} not above {@code available}; 0 when none. */
  static int largestCountWithin(int available) {
    int best = 0;
    for (int c : COUNTS) {
      if (c <= available) {
        best = c;
      }
    }
    return best;
  }
}
