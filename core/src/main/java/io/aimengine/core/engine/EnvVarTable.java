package io.aimengine.core.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The environment-variable table (resource {@code env-vars.tsv}): which stack reads a variable, the
 * lowest GPU target it works on, and whether engines still read it. Immutable, thread-safe.
 */
public final class EnvVarTable {
  private static volatile EnvVarTable builtIn;

  private final List<EnvVarSpec> specs;

  private EnvVarTable(List<EnvVarSpec> specs) {
    this.specs = List.copyOf(specs);
  }

  /** The table shipped with AIM Engine. */
  public static EnvVarTable builtIn() {
    EnvVarTable t = builtIn;
    if (t == null) {
      synchronized (EnvVarTable.class) {
        t = builtIn;
        if (t == null) {
          t = new EnvVarTable(load());
          builtIn = t;
        }
      }
    }
    return t;
  }

  /**
   * The entry for a variable: an exact name wins over a prefix, a longer prefix over a shorter one;
   * empty for variables the table does not know.
   */
  public Optional<EnvVarSpec> find(String name) {
    EnvVarSpec best = null;
    for (EnvVarSpec s : specs) {
      if (!s.matches(name)) {
        continue;
      }
      if (!s.pattern().endsWith("*")) {
        return Optional.of(s);
      }
      if (best == null || s.pattern().length() > best.pattern().length()) {
        best = s;
      }
    }
    return Optional.ofNullable(best);
  }

  public List<EnvVarSpec> all() {
    return specs;
  }

  private static List<EnvVarSpec> load() {
    List<EnvVarSpec> out = new ArrayList<>();
    try (InputStream in =
        io.aimengine.core.config.BuiltInResources.open(EnvVarTable.class, "env-vars.tsv")) {
      if (in == null) {
        throw new IllegalStateException("missing resource env-vars.tsv");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      int lineNo = 0;
      for (String line; (line = r.readLine()) != null; ) {
        lineNo++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t", -1);
        if (f.length != 8) {
          throw new IllegalStateException(
              "env-vars.tsv:" + lineNo + ": " + f.length + " columns, expected 8");
        }
        out.add(
            new EnvVarSpec(
                f[0].trim(),
                EnvVarSpec.Platform.valueOf(f[1].trim().toUpperCase(Locale.ROOT)),
                f[2].isBlank() ? null : f[2].trim(),
                EnvVarSpec.Kind.parse(f[3]),
                f[4].trim().equals("removed"),
                f[5].isBlank() ? null : f[5].trim(),
                f[6].trim().equals("any") ? null : EngineKind.parse(f[6], "env-vars.tsv"),
                f[7].trim()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
