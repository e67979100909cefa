package io.aimengine.cli;

import io.aimengine.core.plan.Plan;
import io.aimengine.core.plan.PlanRequest;
import io.aimengine.runtime.endpoint.Endpoints;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code aim-engine serve}: the container entrypoint. Launches in the foreground, forwards
 * SIGTERM/SIGINT/SIGHUP to the engine's process group, and exits with the engine's exit code.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run an endpoint in the foreground, as a container entrypoint does.",
      "Plans, starts, waits until it serves, forwards termination signals to the engine and exits"
          + " with the engine's exit code."
    })
public final class ServeCommand implements Callable<Integer> {
  private final App app;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin PlanOptions plan;

  @Mixin EndpointOptions endpoint;

  @picocli.CommandLine.Option(
      names = "--json",
      description =
          "Start-up events as JSON lines on stdout: progress, phase (pull, load, warm-up), ready,"
              + " exited (docs/operations.md).")
  boolean json;

  public ServeCommand(App app) {
    this.app = app;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    AimImageContract.apply(app.settings(), plan, endpoint);
    PlanRequest request = plan.request();
    PlanOptions.HardwareOverride hardware = plan.hardware();
    if (hardware == null) {
      app.detectAhead(); // while the store opens
    }
    Plan p = app.plan(request, hardware, endpoint.runtime);
    StartupLog log = json ? StartupLog.jsonLines(err, out) : StartupLog.text(err, false);
    Endpoints.Launched l = Launching.launch(app, p, endpoint, err, log);
    if (!json) {
      Launching.printReady(out, l);
    }
    Foreground.Outcome o = Foreground.run(app.endpoints(), l, err);
    log.exited(l.endpoint().name(), o.exitCode());
    return o.exitCode();
  }
}
