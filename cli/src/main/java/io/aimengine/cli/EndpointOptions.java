package io.aimengine.cli;

import io.aimengine.core.AimException;
import io.aimengine.core.engine.BindAddress;
import io.aimengine.runtime.container.PullPolicy;
import io.aimengine.runtime.endpoint.RuntimeChoice;
import io.aimengine.runtime.health.LivenessPolicy;
import io.aimengine.runtime.process.ProcessRuntime;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Options of a running endpoint, shared by {@code launch} and {@code serve}. */
public final class EndpointOptions {
  @Option(
      names = "--name",
      paramLabel = "NAME",
      description =
          "Endpoint name (default aim-engine-<model>-<n>gpu-<precision>-<engine>, with -2, -3... when taken).")
  String name;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description =
          "HTTP port (default: the recipe's, else the engine default, else the next free one).")
  int port;

  @Option(
      names = "--host",
      paramLabel = "ADDR",
      description =
          "Bind address (default 127.0.0.1: this host only; 0.0.0.0 serves every interface).")
  String host = BindAddress.LOOPBACK;

  @Option(
      names = "--runtime",
      paramLabel = "RUNTIME",
      description =
          "Where the engine runs: auto (default, or AIM_RUNTIME): a process when the engine is installed here, else a container; process; container (Docker or Podman through the Docker API).")
  String runtime;

  @Option(
      names = "--image",
      paramLabel = "IMAGE",
      description =
          "Container image instead of the catalog's pinned one (the plan then cannot vouch for the flags).")
  String image;

  @Option(
      names = "--pull",
      paramLabel = "POLICY",
      description = "When to pull the container image: missing (default), always, never.")
  String pull = "missing";

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description =
          "Start-up budget (90s, 20m, 1h; plain numbers are seconds). Default: 90 s + 10 s per GiB of weights.")
  String timeout;

  @Option(
      names = "--restart",
      paramLabel = "POLICY",
      description =
          "no (default) or on-failure: restart a crashed engine with exponential back-off.")
  String restart = "no";

  @Option(
      names = "--max-restarts",
      paramLabel = "N",
      description =
          "With --restart on-failure: give up after more than N crashes within the window (default 5).")
  int maxRestarts = 5;

  @Option(
      names = "--restart-window",
      paramLabel = "DURATION",
      description = "The circuit breaker's window (default 10m).")
  String restartWindow = "10m";

  @Option(
      names = "--liveness-period",
      paramLabel = "DURATION",
      description =
          "Once ready, probe the health path this often (default 10s; 0 turns liveness off).")
  String livenessPeriod = "10s";

  @Option(
      names = "--liveness-failures",
      paramLabel = "N",
      description =
          "Failed probes in a row that make the endpoint unhealthy (default 3); with --restart"
              + " on-failure it is then restarted.")
  int livenessFailures = 3;

  @Option(
      names = "--liveness-timeout",
      paramLabel = "DURATION",
      description = "How long one liveness probe may take (default 5s).")
  String livenessTimeout = "5s";

  LivenessPolicy liveness() {
    if (livenessFailures < 1) {
      throw AimException.invalid(
          "--liveness-failures " + livenessFailures + ": expected 1 or more");
    }
    java.time.Duration period = Durations.parseOrZero(livenessPeriod, "--liveness-period");
    java.time.Duration t = Durations.parse(livenessTimeout, "--liveness-timeout");
    if (!period.isZero() && period.toSeconds() < 1) {
      throw AimException.invalid(
          "--liveness-period " + livenessPeriod + ": expected 0 or 1s or more");
    }
    if (t.toSeconds() < 1) {
      throw AimException.invalid("--liveness-timeout " + livenessTimeout + ": expected 1s or more");
    }
    return new LivenessPolicy(period, livenessFailures, t);
  }

  void validate() {
    if (runtime != null && !RuntimeChoice.VALUES.contains(runtime)) {
      throw AimException.invalid("--runtime " + runtime + ": expected auto, process or container");
    }
    pullPolicy();
    host = validHost(host);
    if (port < 0 || port > 65535) {
      throw AimException.invalid("--port " + port + ": expected 1-65535");
    }
  }

  PullPolicy pullPolicy() {
    return PullPolicy.parse(pull);
  }

  /** {@code --host}'s value checked: an address or host name, nothing else. */
  static String validHost(String host) {
    try {
      return BindAddress.validate(host);
    } catch (IllegalArgumentException e) {
      throw AimException.invalid("--host: " + e.getMessage());
    }
  }

  Duration timeout() {
    return timeout == null ? null : Durations.parse(timeout, "--timeout");
  }

  ProcessRuntime.RestartPolicy restartPolicy() {
    return switch (restart) {
      case "no" -> ProcessRuntime.RestartPolicy.NONE;
      case "on-failure" -> {
        if (maxRestarts < 0) {
          throw AimException.invalid("--max-restarts " + maxRestarts + ": expected 0 or more");
        }
        yield new ProcessRuntime.RestartPolicy(
            true, maxRestarts, Durations.parse(restartWindow, "--restart-window"));
      }
      default ->
          throw AimException.invalid("--restart " + restart + ": expected 'no' or 'on-failure'");
    };
  }
}
