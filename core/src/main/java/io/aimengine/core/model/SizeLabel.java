package io.aimengine.core.model;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads marketing size labels: "32B", "32.8B", "8x7B", "405b", "235B-A22B", "1.5T". */
public final class SizeLabel {
  private static final Pattern EXPERTS = Pattern.compile("(\\d+)x(\\d+(?:\\.\\d+)?)b");
  private static final Pattern PLAIN = Pattern.compile("(\\d+(?:\\.\\d+)?)([bmt])");

  private SizeLabel() {}

  /** Billions of parameters a label names, 0 when it names none. */
  public static double billions(String label) {
    if (label == null) {
      return 0;
    }
    String l = label.toLowerCase(Locale.ROOT);
    Matcher e = EXPERTS.matcher(l);
    if (e.find()) {
      // 8x7B: experts share attention; the common total is ~ 0.8 x experts x size.
      return Integer.parseInt(e.group(1)) * Double.parseDouble(e.group(2)) * 0.8;
    }
    Matcher m = PLAIN.matcher(l);
    if (m.find()) {
      double v = Double.parseDouble(m.group(1));
      return switch (m.group(2)) {
        case "m" -> v / 1000;
        case "t" -> v * 1000;
        default -> v;
      };
    }
    return 0;
  }

  /** The label found inside a model id ("meta-llama/Llama-3.1-8B-Instruct" → "8B"), or null. */
  public static String fromModelId(String modelId) {
    if (modelId == null) {
      return null;
    }
    String name = modelId.substring(modelId.lastIndexOf('/') + 1);
    Matcher m =
        Pattern.compile(
                "(?i)(?:^|[-_])(\\d+x\\d+(?:\\.\\d+)?[bB]|\\d+(?:\\.\\d+)?[bBmM])(?=$|[-_])")
            .matcher(name);
    return m.find() ? m.group(1).toUpperCase(Locale.ROOT) : null;
  }
}
