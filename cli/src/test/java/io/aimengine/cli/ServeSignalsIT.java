package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Foreground mode: signals to the CLI stop the engine's group; serve returns its exit code. */
class ServeSignalsIT {
  @TempDir Path dir;

  private Process start(Map<String, String> env, String... args) throws Exception {
    Process p = Launcher.builder(env, args).redirectErrorStream(true).start();
    BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = r.readLine()) != null) {
      seen.append(line).append('\n');
      if (line.contains(" is ready at ")) {
        break;
      }
    }
    assertThat(seen.toString()).contains(" is ready at ");
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try {
                r.lines().forEach(l -> {});
              } catch (java.io.UncheckedIOException closed) {
                // the process ended
              }
            });
    return p;
  }

  private JsonNode only(Map<String, String> env) {
    return StandIn.json(Launcher.run(env, "list", "--json").out()).get(0);
  }

  @Test
  void serveForwardsSigtermAndExitsWithTheEnginesExitCode() throws Exception {
    Map<String, String> env =
        StandIn.env(dir.resolve("home"), StandIn.catalog(dir.resolve("catalog")), "ok");
    Process cli = start(env, "serve", "Qwen/Qwen3-8B", "1", "--name", "served");
    long pgid = only(env).path("pid").asLong();
    assertThat(StandIn.group(pgid)).isNotEmpty();
    cli.destroy(); // SIGTERM to the CLI, as a container runtime sends it
    assertThat(cli.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(cli.exitValue()).isEqualTo(143); // the JVM engine's status after SIGTERM
    // The engine has exited; its group's last members may still be ending (as in the Ctrl-C case).
    await().atMost(Duration.ofSeconds(5)).until(() -> StandIn.group(pgid).isEmpty());
    JsonNode e = only(env);
    assertThat(e.path("state").asText()).isEqualTo("stopped");
    assertThat(e.path("exit_code").asInt()).isEqualTo(143);
  }

  @Test
  void foregroundLaunchStopsCleanlyOnCtrlC() throws Exception {
    Map<String, String> env =
        StandIn.env(dir.resolve("home"), StandIn.catalog(dir.resolve("catalog")), "ok");
    Process cli = start(env, "launch", "Qwen/Qwen3-8B", "1", "--name", "fg");
    long pgid = only(env).path("pid").asLong();
    new ProcessBuilder("kill", "-INT", String.valueOf(cli.pid())).start().waitFor();
    assertThat(cli.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(cli.exitValue()).isZero();
    await().atMost(Duration.ofSeconds(5)).until(() -> StandIn.group(pgid).isEmpty());
    assertThat(only(env).path("state").asText()).isEqualTo("stopped");
  }

  @Test
  void foregroundLaunchFailsWhenTheEngineDies() throws Exception {
    Map<String, String> env =
        StandIn.env(
            dir.resolve("home"), StandIn.catalog(dir.resolve("catalog")), "crash-after-ready");
    Process cli = start(env, "launch", "Qwen/Qwen3-8B", "1", "--name", "dies");
    assertThat(cli.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(cli.exitValue()).isEqualTo(1);
    JsonNode e = only(env);
    assertThat(e.path("state").asText()).isEqualTo("exited");
    assertThat(e.path("exit_code").asInt()).isEqualTo(1);
  }
}
