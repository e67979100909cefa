package io.aimengine.core.tune;

import java.util.List;

/**
 * One engine flag {@code tune} varies, and the values it tries, in order.
 *
 * @param flag the engine's flag name without dashes; {@link SearchSpace#TP} for the GPU count
 * @param values the values tried (one value: held fixed)
 * @param why one line on why this knob matters, for {@code --dry-run}
 */
public record Knob(String flag, List<String> values, String why) {
  public Knob {
    values = List.copyOf(values);
    if (values.isEmpty()) {
      throw new IllegalArgumentException(flag + ": no values");
    }
  }
}
