package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/aim-engine's JVM does not wait at exit for threads in native code: a launch always has one
 * (the process reaper blocked in waitpid on the engine's monitor), and JDK 22+ would otherwise wait
 * 30 × 10 ms for it after "ready" was printed (-XX:UserThreadWaitAttemptsAtExit, JDK-8314243). And
 * the JVM flags that are per command: bench and tune measure with the optimizing compiler and
 * promote what survives one young collection (docs/benchmarking.md), short commands do not.
 */
class LauncherExitIT {
  @TempDir Path home;

  @Test
  void theCliJvmDoesNotWaitAtExitForThreadsInNativeCode() {
    CliRun version = Launcher.run(Map.of("AIM_HOME", home.toString()), "--version");
    Matcher java = Pattern.compile("java:\\s+(\\d+)").matcher(version.out());
    assumeTrue(
        java.find() && Integer.parseInt(java.group(1)) >= 25,
        "the launcher passes the flag on JDK 25+; this one: " + version.out());

    CliRun flags =
        Launcher.run(
            Map.of("AIM_HOME", home.toString(), "AIM_JAVA_OPTS", "-XX:+PrintFlagsFinal"),
            "--version");

    assertThat(flags.code()).isZero();
    assertThat(flags.out())
        .containsPattern("UserThreadWaitAttemptsAtExit\\s+= 0\\s+\\{product\\} \\{command line\\}");
  }

  @Test
  void benchAndTuneRunWithTheCollectorSettingsTheirLatencyFiguresNeed() {
    for (String command : new String[] {"bench", "tune"}) {
      CliRun flags =
          Launcher.run(
              Map.of("AIM_HOME", home.toString(), "AIM_JAVA_OPTS", "-XX:+PrintFlagsFinal"),
              command,
              "--help");
      assertThat(flags.code()).as(command).isZero();
      assertThat(flags.out())
          .as(command)
          .containsPattern("MaxTenuringThreshold\\s+= 1\\s+\\{product\\} \\{command line\\}")
          .containsPattern("TieredStopAtLevel\\s+= 4\\s");
    }
    CliRun plan =
        Launcher.run(
            Map.of("AIM_HOME", home.toString(), "AIM_JAVA_OPTS", "-XX:+PrintFlagsFinal"),
            "plan",
            "--help");
    assertThat(plan.out()).doesNotContainPattern("MaxTenuringThreshold\\s+= 1\\s");
  }
}
