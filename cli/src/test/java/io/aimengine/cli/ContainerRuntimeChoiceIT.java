package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.testsupport.TinyGguf;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runtime choice without a container engine: runs on every machine. */
class ContainerRuntimeChoiceIT {
  @TempDir Path dir;

  @Test
  void withoutASocketAContainerLaunchIsOneLineExitThree() throws Exception {
    Path model = TinyGguf.write(dir.resolve("tiny.gguf"));
    Map<String, String> env =
        Map.of(
            "AIM_HOME",
            dir.resolve("home").toString(),
            "DOCKER_HOST",
            "unix://" + dir.resolve("no.sock"));

    CliRun r =
        Launcher.run(
            env, "launch", model.toString(), "--backend", "llamacpp", "--runtime", "container");

    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err().strip().lines())
        .singleElement()
        .asString()
        .contains("no container engine answers (tried unix://" + dir.resolve("no.sock"))
        .contains("--runtime process");
  }

  @Test
  void planSaysWhichRuntimeAndWhy() throws Exception {
    Path model = TinyGguf.write(dir.resolve("tiny.gguf"));
    Map<String, String> env =
        Map.of(
            "AIM_HOME",
            dir.resolve("home").toString(),
            "DOCKER_HOST",
            "unix://" + dir.resolve("no.sock"),
            "PATH",
            "/usr/bin:/bin");

    CliRun auto = Launcher.run(env, "plan", model.toString(), "--backend", "llamacpp");
    assertThat(auto.code()).as(auto.err()).isZero();
    assertThat(auto.out()).contains("Runtime", "process: auto: llamacpp is installed here");

    CliRun dry =
        Launcher.run(
            env,
            "launch",
            model.toString(),
            "--backend",
            "llamacpp",
            "--dry-run",
            "--json",
            "--runtime",
            "container");
    assertThat(dry.code()).as(dry.err()).isZero();
    assertThat(StandIn.json(dry.out()).path("runtime").asText()).isEqualTo("container");
    assertThat(StandIn.json(dry.out()).path("runtime_reason").asText())
        .contains("--runtime container");

    CliRun envVar =
        Launcher.run(
            new java.util.HashMap<>(
                Map.of("AIM_RUNTIME", "bogus", "AIM_HOME", env.get("AIM_HOME"))),
            "plan",
            model.toString(),
            "--backend",
            "llamacpp");
    assertThat(envVar.code()).isEqualTo(2);
    assertThat(envVar.err()).contains("AIM_RUNTIME bogus: expected auto, process or container");
  }
}
