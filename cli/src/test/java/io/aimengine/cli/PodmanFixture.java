package io.aimengine.cli;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import io.aimengine.core.AimVersion;
import io.aimengine.core.config.Settings;
import io.aimengine.core.engine.ContainerSpec;
import io.aimengine.runtime.container.ContainerEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The container engine the container tests run against (DOCKER_HOST, else the usual sockets) and
 * AIM Engine's CPU image, built once by {@code deploy/build-image.sh cpu} when missing or stale.
 * Tests are skipped, loudly, only when no container engine answers.
 */
final class PodmanFixture {
  static final String IMAGE = "localhost/aim-engine-cpu:" + AimVersion.get();
  private static ContainerEngine engine;
  private static boolean imageReady;

  private PodmanFixture() {}

  /** The engine, or the test is skipped with a loud message. */
  static synchronized ContainerEngine engine() {
    if (engine == null) {
      Settings s = Settings.fromSystem();
      engine = ContainerEngine.find(s).orElse(null);
      if (engine == null) {
        String msg =
            "CONTAINER TESTS SKIPPED: no container engine answers (tried "
                + String.join(", ", s.dockerHosts())
                + "); bin/test starts podman system service when podman is installed (.ci/run installs it)";
        System.err.println("\n!!!!! " + msg + " !!!!!\n");
        Assumptions.abort(msg);
      }
    }
    return engine;
  }

  /** Builds the CPU image once per test JVM (a no-op when its inputs did not change). */
  static synchronized void image() {
    engine();
    if (imageReady) {
      return;
    }
    Path script = Launcher.script().getParent().getParent().resolve("deploy/build-image.sh");
    try {
      ProcessBuilder pb = new ProcessBuilder(script.toString(), "cpu").redirectErrorStream(true);
      // The reactor built the jars for this run; rebuilding them here would swap classes under
      // the other tests.
      pb.environment().put("AIM_IMAGE_JARS", "as-built");
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException("deploy/build-image.sh cpu failed:\n" + out);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    imageReady = true;
  }

  static final String VLLM_STAND_IN = "localhost/aim-engine-vllm-stand-in:" + AimVersion.get();
  private static boolean standInReady;

  /**
   * An image that answers like vLLM on any GPU plan: AIM Engine's CPU image with a {@code vllm}
   * command that serves a tiny GGUF model under the name {@code vllm serve MODEL} asks for, on the
   * {@code --port} it is given (every other flag is ignored). Podman's Docker API ignores NVIDIA
   * device requests, so an NVIDIA plan's container runs here without GPUs.
   */
  static synchronized String vllmStandIn(Path work) {
    image();
    if (standInReady) {
      return VLLM_STAND_IN;
    }
    try {
      java.nio.file.Files.createDirectories(work);
      io.aimengine.testsupport.TinyGguf.write(work.resolve("tiny.gguf"));
      Path vllm = work.resolve("vllm");
      java.nio.file.Files.writeString(
          vllm,
          """
          #!/bin/sh
          # vLLM stand-in: vllm serve MODEL [--port P] [other flags ignored]
          model=; port=8000
          [ "$1" = serve ] && { model=$2; shift 2; }
          while [ $# -gt 0 ]; do
            [ "$1" = --port ] && { port=$2; shift; }
            shift
          done
          exec llama-server --model /opt/stand-in/tiny.gguf --alias "$model" --host 0.0.0.0 --port "$port"
          """);
      vllm.toFile().setExecutable(true, false);
      java.nio.file.Files.writeString(
          work.resolve("Dockerfile"),
          "FROM "
              + IMAGE
              + "\nCOPY tiny.gguf /opt/stand-in/tiny.gguf\nCOPY vllm /usr/local/bin/vllm\n");
      engine()
          .client()
          .buildImageCmd(work.toFile())
          .withTags(java.util.Set.of(VLLM_STAND_IN))
          .exec(new com.github.dockerjava.api.command.BuildImageResultCallback())
          .awaitImageId();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    standInReady = true;
    return VLLM_STAND_IN;
  }

  /** AIM Engine's containers of an endpoint, running or not. */
  static List<Container> containers(String endpoint) {
    return engine()
        .client()
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of(ContainerSpec.LABEL_ENDPOINT, endpoint))
        .exec();
  }

  static boolean exists(String id) {
    try {
      engine().client().inspectContainerCmd(id).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  /** Removes every container of these endpoints (tests call it even when they fail). */
  static void removeAll(List<String> endpoints) {
    if (engine == null) {
      return;
    }
    for (String name : endpoints) {
      for (Container c : containers(name)) {
        try {
          engine.client().removeContainerCmd(c.getId()).withForce(true).exec();
        } catch (NotFoundException ignored) {
          // already gone
        }
      }
    }
  }
}
