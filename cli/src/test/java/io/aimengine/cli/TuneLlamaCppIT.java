package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimengine.testsupport.TinyGguf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on any machine (issue 13): {@code tune} on the tiny GGUF model with {@code --backend
 * llamacpp} measures each configuration as a real endpoint, writes a {@code measured} recipe that
 * validates, and {@code plan} then picks it and says why; {@code recipes show} prints its figures.
 * Nothing of a trial outlives tune, also when tune is interrupted.
 */
class TuneLlamaCppIT {
  @TempDir Path dir;
  Path model;
  Map<String, String> env;

  @BeforeEach
  void setUp() {
    model = TinyGguf.write(dir.resolve("models/tiny.gguf"));
    env = Map.of("AIM_HOME", dir.resolve("home").toString(), "PATH", "/usr/bin:/bin");
  }

  @AfterEach
  void cleanUp() {
    Launcher.run(env, "stop", "--all", "--timeout", "5s");
  }

  @Test
  void tuneWritesAMeasuredRecipeThatPlanThenPicks() throws Exception {
    CliRun tune =
        Launcher.run(
            env,
            "tune",
            model.toString(),
            "--backend",
            "llamacpp",
            "--sweep",
            "parallel=1,2",
            "--sweep",
            "threads=1",
            "--sweep",
            "batch-size=512",
            "--concurrency",
            "2",
            "--requests",
            "6",
            "--screen-requests",
            "3",
            "--input-tokens",
            "16",
            "--output-tokens",
            "8",
            "--port",
            String.valueOf(StandIn.freePort()),
            "--json");
    assertThat(tune.code()).as(tune.err()).isZero();
    JsonNode j = StandIn.json(tune.out());
    assertThat(j.path("engine").asText()).isEqualTo("llamacpp");
    assertThat(j.path("configs")).hasSize(2);
    for (JsonNode c : j.path("configs")) {
      assertThat(c.path("outcome").asText()).isIn("measured", "dropped");
      assertThat(c.path("first_phase").path("completed").asInt()).isEqualTo(3);
    }
    assertThat(j.path("configs").get(0).path("args").path("ctx-size").asText()).isEqualTo("512");
    assertThat(j.path("configs").get(1).path("args").path("ctx-size").asText()).isEqualTo("1024");
    int winner = j.path("winner").asInt();
    JsonNode won = j.path("configs").get(winner - 1);
    assertThat(won.path("second_phase").path("completed").asInt()).isEqualTo(6);
    String id = j.path("recipe_id").asText();
    assertThat(id).isEqualTo("local/tiny/measured-llamacpp-cpu-fp16-throughput");
    Path file = Path.of(j.path("recipe_path").asText());
    assertThat(file).startsWith(dir.resolve("home/recipes/local/tiny"));
    String yaml = Files.readString(file);
    assertThat(yaml)
        .contains("type: measured")
        .contains("aim_id: " + model)
        .contains("parallel: " + won.path("args").path("parallel").asText())
        .contains("output_throughput: ");

    // Nothing of the trials is left: no row, no process (LeavesNoProcess checks the latter too).
    CliRun list = Launcher.run(env, "list", "--json");
    assertThat(StandIn.json(list.out())).isEmpty();

    CliRun validate = Launcher.run(env, "recipes", "validate", file.toString());
    assertThat(validate.code()).as(validate.out() + validate.err()).isZero();

    CliRun plan = Launcher.run(env, "plan", model.toString(), "--backend", "llamacpp");
    assertThat(plan.code()).as(plan.err()).isZero();
    assertThat(plan.out())
        .contains("recipe      " + id + " (measured, throughput)")
        .contains("measured: " + id + " was benchmarked on CPU")
        .contains("measured recipes rank above unmeasured ones");

    CliRun show = Launcher.run(env, "recipes", "show", id);
    assertThat(show.code()).as(show.err()).isZero();
    assertThat(show.out())
        .contains("Measured")
        .contains("workload   chat, 16 input / 8 output tokens, concurrency 2, 6 requests")
        .containsPattern("output_throughput +[0-9.]+");
  }

  @Test
  void interruptingTuneStopsTheConfigurationThatRuns() throws Exception {
    Process cli =
        Launcher.builder(
                env,
                "tune",
                model.toString(),
                "--backend",
                "llamacpp",
                "--sweep",
                "parallel=1,2",
                "--sweep",
                "threads=1",
                "--sweep",
                "batch-size=512",
                "--concurrency",
                "1",
                "--requests",
                "1000000",
                "--screen-requests",
                "1000000",
                "--input-tokens",
                "16",
                "--output-tokens",
                "8",
                "--port",
                String.valueOf(StandIn.freePort()))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("tune.out").toFile())
            .start();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                JsonNode rows = StandIn.json(Launcher.run(env, "list", "--json").out());
                return rows.size() == 1 && rows.get(0).path("state").asText().equals("ready");
              });
      new ProcessBuilder("kill", "-INT", String.valueOf(cli.pid())).start().waitFor();
      assertThat(cli.waitFor(60, TimeUnit.SECONDS)).as("tune ends").isTrue();
    } finally {
      cli.destroyForcibly();
    }
    assertThat(Files.readString(dir.resolve("tune.out"))).doesNotContain("could not clean up");
    assertThat(StandIn.json(Launcher.run(env, "list", "--json").out())).isEmpty();
    assertThat(StandIn.processesMentioning(dir.resolve("home").toString())).isEmpty();
    assertThat(dir.resolve("home/recipes")).doesNotExist();
  }
}
