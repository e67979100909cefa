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
