package io.aimengine.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes: process groups, signals, the monitor's records, restarts. */
class ProcessRuntimeIT {
  @TempDir Path dir;
  ProcessTable table = ProcessTable.system();
  ProcessRuntime runtime =
      new ProcessRuntime(Map.of("PATH", System.getenv("PATH"), "HOSTONLY", "yes"), table);

  private ProcessRuntime.Started start(String script, ProcessRuntime.RestartPolicy policy) {
    return runtime.start(
        new ProcessRuntime.StartRequest(
            List.of("sh", "-c", script),
            Map.of("PATH", System.getenv("PATH"), "ADDED", "1", "DROP", "x"),
            List.of("DROP"),
            dir.resolve("logs/e.log"),
            dir.resolve("run/e"),
            policy));
  }

  @Test
  void theEngineRunsInItsOwnGroupWithExactlyItsEnvironmentAndLogsToItsFile() throws Exception {
    ProcessRuntime.Started s =
        start(
            "echo \"HOSTONLY=${HOSTONLY:-unset} ADDED=$ADDED DROP=${DROP:-unset}\"; echo oops >&2;"
                + " exit 0",
            ProcessRuntime.RestartPolicy.NONE);
    assertThat(s.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(s.process().exitValue()).isZero();
    assertThat(Files.readString(dir.resolve("logs/e.log")))
        .contains("HOSTONLY=unset ADDED=1 DROP=unset")
        .contains("oops");
    assertThat(ProcessRuntime.recordedExit(s.runDir())).hasValue(0);
    assertThat(s.startTime()).isPositive();
  }

  @Test
  void stopEndsTheWholeGroupIncludingGrandchildren() throws Exception {
    // The engine starts a grandchild that ignores nothing, then waits: both must go.
    ProcessRuntime.Started s =
        start("sleep 300 & sleep 300 & wait", ProcessRuntime.RestartPolicy.NONE);
    assertThat(table.processGroup(s.pid())).hasValue(s.pid());
    await().atMost(Duration.ofSeconds(5)).until(() -> table.groupMembers(s.pid()).size() >= 4);
    List<Long> members = table.groupMembers(s.pid());
    ProcessRuntime.StopResult r = runtime.stop(s.pid(), s.startTime(), Duration.ofSeconds(5));
    assertThat(r.wasRunning()).isTrue();
    assertThat(r.killed()).isFalse();
    assertThat(table.groupMembers(s.pid())).isEmpty();
    for (long pid : members) {
      assertThat(table.startTime(pid)).as("pid " + pid).isEmpty();
    }
    assertThat(s.process().waitFor(5, TimeUnit.SECONDS)).isTrue();
    // A second stop finds nothing to do.
    assertThat(runtime.stop(s.pid(), s.startTime(), Duration.ofSeconds(1)).wasRunning()).isFalse();
  }

  @Test
  void anEngineThatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
    ProcessRuntime.Started s =
        start("trap '' TERM; while :; do sleep 0.05; done", ProcessRuntime.RestartPolicy.NONE);
    await().atMost(Duration.ofSeconds(5)).until(() -> table.groupMembers(s.pid()).size() >= 2);
    ProcessRuntime.StopResult r = runtime.stop(s.pid(), s.startTime(), Duration.ofMillis(500));
    assertThat(r.killed()).isTrue();
    assertThat(table.groupMembers(s.pid())).isEmpty();
  }

  @Test
  void theMonitorRecordsTheExitCodeOfAnEngineKilledBySomeoneElse() throws Exception {
    ProcessRuntime.Started s = start("sleep 300; echo never", ProcessRuntime.RestartPolicy.NONE);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> ProcessRuntime.enginePid(s.runDir()).isPresent());
    long engine = ProcessRuntime.enginePid(s.runDir()).orElseThrow();
    new ProcessBuilder("kill", "-KILL", String.valueOf(engine)).start().waitFor();
    assertThat(s.process().waitFor(5, TimeUnit.SECONDS)).isTrue();
    assertThat(s.process().exitValue()).isEqualTo(137);
    assertThat(ProcessRuntime.recordedExit(s.runDir())).hasValue(137);
    assertThat(runtime.running(s.pid(), s.startTime(), s.runDir())).isFalse();
    // Whatever the dead engine left in the group is reaped.
    runtime.reap(s.pid());
    assertThat(table.groupMembers(s.pid())).isEmpty();
  }

  @Test
  void aRecycledPidIsNotMistakenForOurs() {
    long self = ProcessHandle.current().pid();
    long start = table.startTime(self).orElseThrow();
    assertThat(table.alive(self, start)).isTrue();
    assertThat(table.alive(self, start + 1)).isFalse();
  }

  @Test
  void onFailureRestartsWithBackoffOnlyOnceArmedAndGivesUpAfterTooManyCrashes() throws Exception {
    Path runs = dir.resolve("runs");
    Files.createDirectories(runs);
    ProcessRuntime.Started s =
        start(
            "echo run >> " + runs.resolve("count") + "; sleep 0.2; exit 3",
            new ProcessRuntime.RestartPolicy(true, 2, Duration.ofSeconds(60)));
    ProcessRuntime.arm(s.runDir());
    // crash 1 → restart after 1 s, crash 2 → after 2 s, crash 3 > max 2 → give up.
    assertThat(s.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(s.process().exitValue()).isEqualTo(3);
    assertThat(Files.readAllLines(runs.resolve("count"))).hasSize(3);
    List<String> events = ProcessRuntime.monitorEvents(s.runDir());
    assertThat(events).hasSize(3);
    assertThat(events.get(0)).startsWith("restart ").contains("exit=3 attempt=1 delay=1s");
    assertThat(events.get(1)).contains("attempt=2 delay=2s");
    assertThat(events.get(2)).startsWith("gave-up ").contains("crashes=3");
    assertThat(ProcessRuntime.recordedExit(s.runDir())).isEqualTo(OptionalInt.of(3));
  }

  @Test
  void withoutArmingACrashIsNotRestarted() throws Exception {
    ProcessRuntime.Started s =
        start("exit 5", new ProcessRuntime.RestartPolicy(true, 5, Duration.ofSeconds(60)));
    assertThat(s.process().waitFor(5, TimeUnit.SECONDS)).isTrue();
    assertThat(s.process().exitValue()).isEqualTo(5);
    assertThat(ProcessRuntime.monitorEvents(s.runDir())).isEmpty();
  }

  @Test
  void stopDuringRestartBackoffEndsTheMonitorWithoutAnotherRun() throws Exception {
    Path count = dir.resolve("count");
    ProcessRuntime.Started s =
        start(
            "echo run >> " + count + "; sleep 0.5; exit 1",
            new ProcessRuntime.RestartPolicy(true, 5, Duration.ofSeconds(60)));
    ProcessRuntime.arm(s.runDir()); // well before the first crash, 0.5 s after the start
    // Crash 1 → "restart ... delay=1s": the monitor is now in its back-off.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !ProcessRuntime.monitorEvents(s.runDir()).isEmpty());
    assertThat(ProcessRuntime.monitorEvents(s.runDir()).get(0)).contains("delay=1s");
    runtime.stop(s.pid(), s.startTime(), Duration.ofSeconds(5));
    assertThat(s.process().waitFor(5, TimeUnit.SECONDS)).isTrue();
    assertThat(table.groupMembers(s.pid())).isEmpty();
    // Past the back-off: still the one run, and no second restart.
    await()
        .during(Duration.ofMillis(2500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> Files.readAllLines(count).size() == 1);
    assertThat(ProcessRuntime.monitorEvents(s.runDir())).hasSize(1);
  }

  @Test
  void theMonitorAbandonsTheStartUpWhenItsLauncherEnds() throws Exception {
    // A stand-in launcher: its death (by SIGKILL, so no hook of it could run) must end the engine.
    Process launcher = new ProcessBuilder("sleep", "300").start();
    long lpid = launcher.pid();
    ProcessRuntime.Started s =
        runtime.start(
            new ProcessRuntime.StartRequest(
                List.of("sh", "-c", "trap '' TERM; sleep 300 & wait; sleep 300"),
                Map.of("PATH", System.getenv("PATH")),
                List.of(),
                dir.resolve("logs/e.log"),
                dir.resolve("run/e"),
                ProcessRuntime.RestartPolicy.NONE,
                new ProcessRuntime.Launcher(lpid, table.startTime(lpid).orElseThrow())));
    await().atMost(Duration.ofSeconds(5)).until(() -> table.groupMembers(s.pid()).size() >= 3);
    assertThat(s.process().isAlive()).isTrue();
    launcher.destroyForcibly().waitFor();
    // SIGTERM first; the engine ignores it, so SIGKILL to the group after 10 s.
    assertThat(s.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
    await().atMost(Duration.ofSeconds(20)).until(() -> table.groupMembers(s.pid()).isEmpty());
    assertThat(ProcessRuntime.monitorEvents(s.runDir()))
        .anyMatch(l -> l.startsWith("launcher-died ") && l.endsWith("pid=" + lpid));
  }

  @Test
  void onceArmedTheEndpointOutlivesItsLauncher() throws Exception {
    Process launcher = new ProcessBuilder("sleep", "300").start();
    long lpid = launcher.pid();
    ProcessRuntime.Started s =
        runtime.start(
            new ProcessRuntime.StartRequest(
                List.of("sleep", "300"),
                Map.of("PATH", System.getenv("PATH")),
                List.of(),
                dir.resolve("logs/e.log"),
                dir.resolve("run/e"),
                ProcessRuntime.RestartPolicy.NONE,
                new ProcessRuntime.Launcher(lpid, table.startTime(lpid).orElseThrow())));
    ProcessRuntime.arm(s.runDir());
    launcher.destroyForcibly().waitFor();
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> s.process().isAlive());
    runtime.stop(s.pid(), s.startTime(), Duration.ofSeconds(5));
    assertThat(table.groupMembers(s.pid())).isEmpty();
  }

  @Test
  void tailReturnsTheLastLines() throws Exception {
    Path log = dir.resolve("t.log");
    Files.write(log, java.util.stream.IntStream.range(0, 50).mapToObj(i -> "line " + i).toList());
    assertThat(ProcessRuntime.tail(log, 3)).containsExactly("line 47", "line 48", "line 49");
    assertThat(ProcessRuntime.tail(dir.resolve("missing"), 3)).isEmpty();
  }
}
