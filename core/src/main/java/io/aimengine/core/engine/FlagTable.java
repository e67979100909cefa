package io.aimengine.core.engine;

import io.aimengine.core.engine.FlagSpec.Status;
import io.aimengine.core.engine.FlagSpec.ValueType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads a flag table resource ({@code <engine>-flags.tsv}); format in the files' headers. */
final class FlagTable {
  private static final int COLUMNS = 12;
  private static final String LATEST = "@latest_known_version";

  private FlagTable() {}

  static FlagSchema load(EngineKind engine) {
    String resource = engine.label() + "-flags.tsv";
    List<FlagSpec> specs = new ArrayList<>();
    String latest = null;
    try (InputStream in =
        io.aimengine.core.config.BuiltInResources.open(FlagTable.class, resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      int lineNo = 0;
      for (String line; (line = r.readLine()) != null; ) {
        lineNo++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t", -1);
        if (f[0].equals(LATEST)) {
          latest = f[1].trim();
          continue;
        }
        if (f.length != COLUMNS) {
          throw new IllegalStateException(
              resource + ":" + lineNo + ": " + f.length + " columns, expected " + COLUMNS);
        }
        specs.add(spec(f, resource + ":" + lineNo));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new FlagSchema(engine, specs, latest);
  }

  private static FlagSpec spec(String[] f, String where) {
    String type = f[3].trim();
    boolean optional = type.endsWith("?");
    if (optional) {
      type = type.substring(0, type.length() - 1);
    }
    ValueType valueType =
        type.isEmpty() ? ValueType.NONE : ValueType.valueOf(type.toUpperCase(Locale.ROOT));
    List<String> choices = list(f[4]);
    boolean open = !choices.isEmpty() && choices.get(choices.size() - 1).equals("...");
    if (open) {
      choices = choices.subList(0, choices.size() - 1);
    }
    if (valueType == ValueType.CHOICE && choices.isEmpty()) {
      throw new IllegalStateException(where + ": choice flag without choices");
    }
    return new FlagSpec(
        f[0].trim(),
        list(f[1]),
        list(f[2]),
        valueType,
        optional,
        choices,
        open,
        Status.valueOf(f[5].trim().toUpperCase(Locale.ROOT)),
        blankToNull(f[6]),
        blankToNull(f[7]),
        blankToNull(f[8]),
        blankToNull(f[9]),
        blankToNull(f[10]),
        f[11].trim());
  }

  private static List<String> list(String s) {
    if (s.isBlank()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String x : s.split(",")) {
      String t = x.trim();
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return List.copyOf(out);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
