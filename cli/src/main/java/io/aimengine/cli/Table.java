package io.aimengine.cli;

import java.io.PrintWriter;
import java.util.List;

/** Left-aligned text columns separated by two spaces; the first row is the header. */
final class Table {
  private Table() {}

  static void print(PrintWriter out, List<String[]> rows) {
    int cols = rows.get(0).length;
    int[] w = new int[cols];
    for (String[] r : rows) {
      for (int i = 0; i < cols; i++) {
        w[i] = Math.max(w[i], r[i] == null ? 1 : r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < cols; i++) {
        String v = r[i] == null ? "-" : r[i];
        b.append(i == cols - 1 ? v : String.format("%-" + w[i] + "s  ", v));
      }
      out.println(b.toString().stripTrailing());
    }
    out.flush();
  }
}
