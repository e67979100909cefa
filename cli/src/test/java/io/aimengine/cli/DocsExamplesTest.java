package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docs check (run by {@code bin/test}): every command example in README.md and docs/*.md that
 * is marked {@code <!-- check -->} (or {@code <!-- check exit=N -->}) runs, in process, on a host
 * without GPUs and offline, and prints what the docs show. The marked block is the fenced block
 * right after the comment: {@code $ aim-engine ARGS} lines are commands, the lines after each are
 * its expected output (stdout, then stderr). A line {@code ...} stands for any number of lines; a
 * line ending in {@code ...} for any line that begins with the rest. Expected exit code: 0 unless
 * {@code exit=N}.
 */
class DocsExamplesTest {
  private static final Pattern MARK =
      Pattern.compile(
          "<!--\\s*check(?:\\s+exit=(\\d+))?\\s*-->\\s*\\n```[a-z]*\\n(.*?)\\n```", Pattern.DOTALL);

  @TempDir Path home;

  /** One command with the output the docs show. */
  record Example(String where, int exit, List<String> args, List<String> expected) {}

  static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("README.md"))) {
      p = p.getParent();
    }
    return p;
  }

  static List<Example> examples() throws IOException {
    Path root = root();
    List<Path> files = new ArrayList<>(List.of(root.resolve("README.md")));
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(f -> f.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    List<Example> out = new ArrayList<>();
    for (Path f : files) {
      String text = Files.readString(f);
      Matcher m = MARK.matcher(text);
      while (m.find()) {
        int line = text.substring(0, m.start()).split("\n", -1).length;
        int exit = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
        out.addAll(parse(root.relativize(f) + ":" + line, exit, m.group(2)));
      }
    }
    return out;
  }

  static List<Example> parse(String where, int exit, String block) {
    List<Example> out = new ArrayList<>();
    List<String> args = null;
    List<String> expected = new ArrayList<>();
    for (String line : block.split("\n", -1)) {
      if (line.startsWith("$ ")) {
        if (args != null) {
          out.add(new Example(where, exit, args, expected));
        }
        args = command(where, line.substring(2));
        expected = new ArrayList<>();
      } else if (args != null) {
        expected.add(line);
      } else {
        throw new AssertionError(where + ": a checked block starts with a '$ aim-engine' line");
      }
    }
    if (args != null) {
      out.add(new Example(where, exit, args, expected));
    }
    return out;
  }

  /** The arguments of {@code bin/aim-engine ...} or {@code aim-engine ...}, shell-quoted. */
  static List<String> command(String where, String line) {
    List<String> words = ShellWords.split(line.replaceAll("\\s+#.*$", ""));
    String first = words.isEmpty() ? "" : words.get(0);
    if (!first.equals("aim-engine") && !first.equals("bin/aim-engine")) {
      throw new AssertionError(where + ": a checked command runs aim-engine, not: " + line);
    }
    return words.subList(1, words.size());
  }

  /** Whether {@code actual} lines match {@code expected}, with {@code ...} wildcards. */
  static boolean matches(List<String> expected, int i, List<String> actual, int j) {
    if (i == expected.size()) {
      return j == actual.size();
    }
    String e = expected.get(i).stripTrailing();
    if (e.strip().equals("...")) {
      for (int k = j; k <= actual.size(); k++) {
        if (matches(expected, i + 1, actual, k)) {
          return true;
        }
      }
      return false;
    }
    if (j == actual.size()) {
      return false;
    }
    String a = actual.get(j).stripTrailing();
    boolean same =
        e.endsWith("...")
            ? a.startsWith(e.substring(0, e.length() - 3).stripTrailing())
            : a.equals(e);
    return same && matches(expected, i + 1, actual, j + 1);
  }

  @Test
  void theDocsHaveCheckedExamples() throws IOException {
    assertThat(examples()).hasSizeGreaterThanOrEqualTo(8);
  }

  @Test
  void wildcardsMatchAnyLinesAndPrefixes() {
    assertThat(matches(List.of("a", "...", "d"), 0, List.of("a", "b", "c", "d"), 0)).isTrue();
    assertThat(matches(List.of("a", "...", "d"), 0, List.of("a", "d"), 0)).isTrue();
    assertThat(matches(List.of("a b ..."), 0, List.of("a b c"), 0)).isTrue();
    assertThat(matches(List.of("a", "d"), 0, List.of("a", "b", "d"), 0)).isFalse();
    assertThat(matches(List.of("a b ..."), 0, List.of("a c"), 0)).isFalse();
  }

  @TestFactory
  Stream<DynamicTest> everyCheckedExamplePrintsWhatTheDocsShow() throws IOException {
    return examples().stream()
        .map(
            ex ->
                DynamicTest.dynamicTest(
                    ex.where() + ": aim-engine " + String.join(" ", ex.args()), () -> run(ex)));
  }

  private void run(Example ex) throws IOException {
    CliRun r = CliRun.offlineWithoutGpus(home, ex.args().toArray(String[]::new));
    String out = r.out();
    String err = r.err();
    int code = r.code();
    List<String> actual = new ArrayList<>(out.lines().toList());
    actual.addAll(err.lines().toList());
    while (!actual.isEmpty() && actual.getLast().isBlank()) {
      actual.removeLast();
    }
    List<String> expected = new ArrayList<>(ex.expected());
    while (!expected.isEmpty() && expected.getLast().isBlank()) {
      expected.removeLast();
    }
    assertThat(code).as("%s: exit code; output:%n%s%s", ex.where(), out, err).isEqualTo(ex.exit());
    assertThat(matches(expected, 0, actual, 0))
        .as(
            "%s: aim-engine %s%n--- the docs show:%n%s%n--- it printed:%n%s",
            ex.where(),
            String.join(" ", ex.args()),
            String.join("\n", expected),
            String.join("\n", actual))
        .isTrue();
  }
}
