package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.AimException;
import io.aimengine.core.ExitCode;
import io.aimengine.core.config.Settings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The exit-code contract: a domain error exits with its code, anything else is 4, in one line. */
class ExitCodesTest {
  @TempDir Path home;

  @Command(name = "boom")
  static final class Boom implements Callable<Integer> {
    static RuntimeException toThrow;

    @Override
    public Integer call() {
      throw toThrow;
    }
  }

  private record Run(int code, String err) {}

  private Run run(RuntimeException e, String... args) {
    Boom.toThrow = e;
    App app = new App(new Settings(Map.of("AIM_HOME", home.toString()), home));
    try {
      CommandLine cl = app.commandLine(args);
      cl.addSubcommand("boom", new Boom());
      StringWriter err = new StringWriter();
      cl.setErr(new PrintWriter(err, true));
      cl.setOut(new PrintWriter(new StringWriter(), true));
      return new Run(cl.execute(args), err.toString());
    } finally {
      app.close();
    }
  }

  @Test
  void anUnexpectedExceptionIsAnInternalErrorInOneLine() {
    Run r = run(new IllegalStateException("broken invariant\nsecond line"), "boom");

    assertThat(r.code()).isEqualTo(4).isEqualTo(ExitCode.INTERNAL.code());
    assertThat(r.err())
        .isEqualTo(
            "aim-engine: internal error: IllegalStateException: broken invariant"
                + " (run with --verbose for details)"
                + System.lineSeparator());
  }

  @Test
  void verboseAddsTheStackTraceToAnInternalError() {
    Run r = run(new IllegalStateException("broken"), "--verbose", "boom");

    assertThat(r.code()).isEqualTo(4);
    assertThat(r.err())
        .startsWith("aim-engine: internal error: IllegalStateException: broken")
        .contains("java.lang.IllegalStateException: broken" + System.lineSeparator() + "\tat ");
  }

  @ParameterizedTest
  @EnumSource(ExitCode.class)
  void aDomainErrorExitsWithItsOwnCodeAndMessage(ExitCode code) {
    Run r = run(new AimException(code, "what went wrong"), "boom");

    assertThat(r.code()).isEqualTo(code.code());
    assertThat(r.err()).isEqualTo("aim-engine: what went wrong" + System.lineSeparator());
  }
}
