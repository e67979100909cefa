package io.aimengine.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table: upper-case headers, columns padded to their widest cell, two spaces apart.
 * Cells may be coloured ({@link Colour}): widths count visible characters.
 */
final class Table {
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  Table(String... headers) {
    this.headers = List.of(headers);
  }

  Table row(Object... cells) {
    List<String> r = new ArrayList<>();
    for (Object c : cells) {
      r.add(c == null ? "-" : String.valueOf(c));
    }
    rows.add(r);
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  void print(PrintWriter out) {
    List<List<String>> all = new ArrayList<>();
    all.add(headers);
    all.addAll(rows);
    print(out, all, "");
    out.flush();
  }

  /** Prints {@code rows} (the first may be a header) as aligned columns, each line indented. */
  static void print(PrintWriter out, List<List<String>> rows, String indent) {
    int[] w = new int[rows.get(0).size()];
    for (List<String> r : rows) {
      for (int i = 0; i < w.length; i++) {
        w[i] = Math.max(w[i], Colour.width(r.get(i)));
      }
    }
    rows.forEach(r -> line(out, r, w, indent));
  }

  private static void line(PrintWriter out, List<String> cells, int[] w, String indent) {
    StringBuilder b = new StringBuilder(indent);
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      b.append(c);
      if (i < cells.size() - 1) {
        b.append(" ".repeat(w[i] - Colour.width(c) + 2));
      }
    }
    out.println(b.toString().stripTrailing());
  }
}
