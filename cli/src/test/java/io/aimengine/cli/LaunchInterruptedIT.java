package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 8, item 1: the CLI stopped (SIGINT, SIGTERM, SIGKILL) while it waits for the engine's
 * health, in the foreground, with --detach and as serve. Whatever the signal, afterwards nothing of
 * the launch runs, its GPUs and port are free, and its row is failed. The stand-in engine never
 * becomes healthy, so the CLI is always inside its start-up wait when the signal arrives.
 */
class LaunchInterruptedIT {
  static final String MODEL = "Qwen/Qwen3-8B";
  @TempDir Path dir;
  Path home;
  Map<String, String> env;

  @BeforeEach
  void setUp() {
    home = dir.resolve("home");
    env = StandIn.env(home, StandIn.catalog(dir.resolve("catalog")), "never-healthy");
  }

  private Process startWaiting(String command, int port) throws Exception {
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    args.addAll(
        List.of(MODEL, "8", "--name", "early", "--port", String.valueOf(port), "--timeout", "10m"));
    Process cli =
        Launcher.builder(env, args.toArray(String[]::new))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("cli.out").toFile())
            .start();
    // Inside the health wait: the row has its engine, and the engine JVM runs under its monitor.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                Files.exists(home.resolve("logs/early.log"))
                    && Files.readString(home.resolve("logs/early.log"))
                        .contains("fake-engine: listening"));
    return cli;
  }

  private JsonNode row() {
    CliRun r = CliRun.run(env, dir, "list", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    return StandIn.json(r.out()).get(0);
  }

  private long monitorPid() throws Exception {
    // Read straight from the run directory: a store read would reconcile, and this test must see
    // the engine side clean up by itself first.
    return ProcessHandle.allProcesses()
        .filter(h -> h.info().commandLine().orElse("").contains("aim-monitor.sh"))
        .filter(h -> h.info().commandLine().orElse("").contains(home.toString()))
        .mapToLong(ProcessHandle::pid)
        .min()
        .orElseThrow();
  }

  private void assertNothingRunsOrIsHeld(long pgid, int port) {
    await().atMost(Duration.ofSeconds(30)).until(() -> StandIn.group(pgid).isEmpty());
    JsonNode e = row();
    assertThat(e.path("state").asText()).isEqualTo("failed");
    assertThat(e.path("last_error").asText()).contains("start-up");
    assertThat(StandIn.portFree(port)).isTrue();
    JsonNode gpus = StandIn.json(CliRun.run(env, dir, "gpus", "--json").out()).get("gpus");
    for (JsonNode g : gpus) {
      assertThat(g.get("held_by").isNull()).as(g.toString()).isTrue();
    }
    assertThat(StandIn.processesMentioning(home.toString())).isEmpty();
  }

  @ParameterizedTest(name = "SIG{0} to `{1}`")
  @CsvSource({
    "INT, launch",
    "TERM, launch",
    "KILL, launch",
    "INT, launch --detach",
    "TERM, launch --detach",
    "KILL, launch --detach",
    "INT, serve",
    "TERM, serve",
    "KILL, serve"
  })
  void stoppingTheCliDuringStartUpLeavesNothingRunningAndNothingHeld(String signal, String command)
      throws Exception {
    int port = StandIn.freePort();
    Process cli = startWaiting(command, port);
    long pgid = monitorPid();
    assertThat(StandIn.group(pgid)).hasSizeGreaterThanOrEqualTo(2);
    new ProcessBuilder("kill", "-" + signal, String.valueOf(cli.pid())).start().waitFor();
    assertThat(cli.waitFor(30, TimeUnit.SECONDS)).as("the CLI ends").isTrue();
    // The engine side ends without anyone reading the store (SIGKILL ran no hook of the CLI).
    await().atMost(Duration.ofSeconds(30)).until(() -> StandIn.group(pgid).isEmpty());
    assertNothingRunsOrIsHeld(pgid, port);
  }

  @Test
  void aStartingRowWhoseLauncherAndMonitorAreGoneIsStoppedAndReleasedWhenTheStoreIsRead()
      throws Exception {
    int port = StandIn.freePort();
    Process cli = startWaiting("launch --detach", port);
    long pgid = monitorPid();
    long engine = Long.parseLong(Files.readString(home.resolve("run/early/engine.pid")).trim());
    // Everything but the engine dies at once: no hook, no monitor, no launcher watch.
    List<String> kill = new ArrayList<>(List.of("kill", "-KILL"));
    StandIn.group(pgid).stream().filter(p -> p != engine).forEach(p -> kill.add(String.valueOf(p)));
    kill.add(String.valueOf(cli.pid()));
    new ProcessBuilder(kill).start().waitFor();
    assertThat(cli.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(StandIn.live(engine)).as("the engine outlived its launcher and monitor").isTrue();
    assertThat(row().path("last_error").asText()).contains("stopped the engine");
    assertNothingRunsOrIsHeld(pgid, port);
  }
}
