package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimengine.core.config.Settings;
import io.aimengine.runtime.store.Endpoint;
import io.aimengine.runtime.store.EndpointStore;
import io.aimengine.runtime.store.Reality;
import io.aimengine.runtime.store.Reservation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rm}, {@code prune} and {@code list [--all]} over ended endpoints, as {@code docker rm},
 * {@code docker container prune} and {@code docker ps [-a]} treat stopped containers. The rows are
 * written through the store with a clock set in the past, as earlier launches would have left them.
 */
class EndpointRemovalTest {
  @TempDir Path home;

  record Result(int code, String out, String err) {
    JsonNode json() throws Exception {
      return Json.mapper().readTree(out);
    }
  }

  private Result run(String... args) {
    return run(Map.of(), args);
  }

  private Result run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("AIM_HOME", home.toString());
    Settings settings = new Settings(all, home);
    int code = Main.run(settings, new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }

  /** An endpoint that ended {@code ago} ago in {@code state}, with a log file. */
  private void ended(String name, Duration ago, String state) throws Exception {
    Clock then = Clock.fixed(Instant.now().minus(ago), ZoneOffset.UTC);
    try (EndpointStore store = EndpointStore.open(home, new NothingRuns(), then)) {
      Endpoint e =
          store.reserve(
              new Reservation(
                  name,
                  true,
                  "127.0.0.1",
                  8000,
                  false,
                  Set.of(),
                  java.util.List.of(),
                  "CPU",
                  "acme/tiny",
                  "acme/tiny",
                  null,
                  "{}",
                  "llamacpp",
                  "process",
                  "/health",
                  "no",
                  ProcessHandle.current().pid(),
                  0));
      Files.createDirectories(e.logPath().getParent());
      Files.writeString(e.logPath(), "engine output of " + name + "\n");
      Files.writeString(e.logPath().resolveSibling(name + ".log.1"), "previous run\n");
      switch (state) {
        case "stopped" -> store.stopped(name, 143, "SIGTERM");
        case "failed" -> store.failed(name, "did not start", 1);
        default -> store.exited(name, 137, "killed");
      }
    }
  }

  private static List<String> names(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.get("name").asText()));
    return out;
  }

  @Test
  void listHidesEndpointsThatEndedOverADayAgoUnlessAll() throws Exception {
    ended("old-stopped", Duration.ofDays(3), "stopped");
    ended("old-failed", Duration.ofHours(25), "failed");
    ended("recent-exited", Duration.ofHours(2), "exited");

    Result list = run("list", "--json");
    Result all = run("list", "--all", "--json");
    Result text = run("list");

    assertThat(names(list.json())).containsExactly("recent-exited");
    assertThat(names(all.json()))
        .containsExactlyInAnyOrder("old-stopped", "old-failed", "recent-exited");
    assertThat(text.out()).contains("recent-exited").doesNotContain("old-stopped");
    assertThat(text.err()).contains("2 endpoints that ended over a day ago not shown");
  }

  @Test
  void rmRemovesTheRowItsHistoryAndItsLogsAndSaysSo() throws Exception {
    ended("gone", Duration.ofHours(1), "stopped");
    ended("kept", Duration.ofHours(1), "failed");
    Path log = home.resolve("logs/gone.log");
    assertThat(log).exists();

    Result r = run("rm", "gone", "--json");

    assertThat(r.code()).as(r.err()).isZero();
    JsonNode removed = r.json().get("removed");
    assertThat(names(removed)).containsExactly("gone");
    assertThat(removed.get(0).get("state").asText()).isEqualTo("stopped");
    assertThat(removed.get(0).get("exit_code").asInt()).isEqualTo(143);
    assertThat(removed.get(0).get("stopped").asBoolean()).isFalse();
    assertThat(removed.get(0).get("files")).hasSize(2);
    assertThat(log).doesNotExist();
    assertThat(home.resolve("logs/gone.log.1")).doesNotExist();
    assertThat(names(run("list", "--all", "--json").json())).containsExactly("kept");
    assertThat(run("status", "gone").code()).isEqualTo(3);
    assertThat(home.resolve("logs/kept.log")).exists();
  }

  @Test
  void rmWithAnUnknownNameAmongOthersRemovesNothing() throws Exception {
    ended("a", Duration.ofHours(1), "stopped");

    Result r = run("rm", "a", "no-such-endpoint");

    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("no endpoint named 'no-such-endpoint'");
    assertThat(names(run("list", "--json").json())).containsExactly("a");
  }

  @Test
  void pruneRemovesEveryEndedEndpointAndListsThem() throws Exception {
    ended("s", Duration.ofDays(2), "stopped");
    ended("f", Duration.ofHours(1), "failed");
    ended("x", Duration.ofMinutes(5), "exited");

    Result r = run("prune", "--json");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(names(r.json().get("removed"))).containsExactlyInAnyOrder("s", "f", "x");
    assertThat(run("list", "--all", "--json").json()).isEmpty();
    assertThat(Files.list(home.resolve("logs")).toList()).isEmpty();
    Result again = run("prune");
    assertThat(again.code()).isZero();
    assertThat(again.out()).contains("Nothing to prune");
  }

  @Test
  void pruneSaysWhatItRemoved() throws Exception {
    ended("one", Duration.ofHours(1), "failed");

    Result r = run("prune");

    assertThat(r.out())
        .contains("removed one (failed, 2 log files)")
        .contains("Removed 1 endpoint.");
  }

  @Test
  void stopJsonReportsAnEndedEndpointAsNotRunning() throws Exception {
    ended("done", Duration.ofHours(1), "stopped");

    Result r = run("stop", "done", "--json");

    assertThat(r.code()).as(r.err()).isZero();
    JsonNode s = r.json().get("stopped").get(0);
    assertThat(s.get("name").asText()).isEqualTo("done");
    assertThat(s.get("was_running").asBoolean()).isFalse();
    assertThat(s.get("signal").isNull()).isTrue();
    assertThat(s.get("state").asText()).isEqualTo("stopped");
    assertThat(s.get("exit_code").asInt()).isEqualTo(143);
    assertThat(run("stop", "--all", "--json").json().get("stopped")).isEmpty();
  }

  @Test
  void logsJsonPrintsWhereTheLogIsNotItsLines() throws Exception {
    ended("done", Duration.ofHours(1), "exited");

    Result r = run("logs", "done", "--json");

    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = r.json();
    assertThat(j.get("name").asText()).isEqualTo("done");
    assertThat(j.get("state").asText()).isEqualTo("exited");
    assertThat(j.get("log_path").asText()).isEqualTo(home.resolve("logs/done.log").toString());
    assertThat(j.get("log_exists").asBoolean()).isTrue();
    assertThat(j.get("log_bytes").asLong()).isEqualTo("engine output of done\n".length());
    assertThat(j.get("previous_log_path").asText()).endsWith("done.log.1");
    assertThat(r.out()).doesNotContain("engine output");
    assertThat(run("logs", "done", "--json", "-f").code()).isEqualTo(2);
  }

  @Test
  void statesAreColouredOnlyWhenColourIsOn() throws Exception {
    ended("gone", Duration.ofHours(1), "failed");

    String piped = run(Map.of(), "list").out();
    String forced = run(Map.of("FORCE_COLOR", "1"), "list").out();
    String flag = run(Map.of("FORCE_COLOR", "1"), "--no-color", "list").out();
    String noColor = run(Map.of("FORCE_COLOR", "1", "NO_COLOR", "1"), "list").out();

    assertThat(piped).doesNotContain("\u001B").contains("failed (1)");
    assertThat(forced).contains("\u001B[31mfailed\u001B[39m (1)");
    assertThat(flag).isEqualTo(piped);
    assertThat(noColor).isEqualTo(piped);
    // Columns stay aligned: escape sequences take no room.
    assertThat(forced.replaceAll("\u001B\\[[0-9;]*m", "")).isEqualTo(piped);
  }

  @Test
  void errorsAreRedOnlyWhenColourIsOn() {
    assertThat(run(Map.of(), "status", "nope").err()).startsWith("aim-engine: no endpoint");
    assertThat(run(Map.of("FORCE_COLOR", "1"), "status", "nope").err())
        .startsWith("\u001B[31maim-engine: no endpoint");
  }

  /** No engine of these rows runs; nothing to adopt. */
  private static final class NothingRuns implements Reality {
    @Override
    public boolean alive(Endpoint e) {
      return false;
    }

    @Override
    public void release(Endpoint e) {}

    @Override
    public boolean abandon(Endpoint e) {
      return false;
    }

    @Override
    public boolean launcherAlive(Endpoint e) {
      return true;
    }

    @Override
    public OptionalInt exitCode(Endpoint e) {
      return OptionalInt.empty();
    }

    @Override
    public List<String> monitorEvents(Endpoint e) {
      return List.of();
    }

    @Override
    public List<Endpoint> leases() {
      return List.of();
    }

    @Override
    public boolean portFree(String host, int port) {
      return true;
    }
  }
}
