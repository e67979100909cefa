package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every command's {@code --help} renders cleanly: picocli formats descriptions with {@code
 * String.format}, so a bare {@code %} ("90% of requests") makes it print a warning on stderr and
 * the raw text instead.
 */
class HelpTextTest {
  @TempDir Path home;

  @Test
  void everyCommandsHelpRendersWithoutPicocliWarnings() {
    List<List<String>> commands = new ArrayList<>();
    commands.add(List.of());
    for (String name : AimCommand.subcommands().keySet()) {
      commands.add(List.of(name));
      CommandLine cl = new App(new Settings(Map.of(), home)).commandLine(name, "--help");
      CommandLine sub = cl.getSubcommands().get(name);
      if (sub != null) {
        for (String nested : sub.getSubcommands().keySet()) {
          if (!nested.equals("help")) {
            commands.add(List.of(name, nested));
          }
        }
      }
    }
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      for (List<String> c : commands) {
        List<String> args = new ArrayList<>(c);
        args.add("--help");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code =
            Main.run(
                new Settings(Map.of(), home),
                new PrintWriter(out),
                new PrintWriter(err),
                args.toArray(String[]::new));
        assertThat(code).as("%s --help", c).isZero();
        assertThat(out.toString()).as("%s --help", c).contains("Usage:").doesNotContain("%n");
        assertThat(err.toString()).as("%s --help", c).doesNotContain("WARN");
      }
    } finally {
      System.setErr(stderr);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
    assertThat(commands).hasSizeGreaterThan(10);
  }
}
