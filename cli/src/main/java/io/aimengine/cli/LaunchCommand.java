package io.aimengine.cli;

import io.aimengine.core.AimException;
import io.aimengine.core.ExitCode;
import io.aimengine.core.engine.LaunchSpec;
import io.aimengine.core.plan.Plan;
import io.aimengine.core.plan.PlanRequest;
import io.aimengine.runtime.endpoint.Endpoints;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aim-engine launch}: plan, start, wait until it serves, keep track of it. */
@Command(
    name = "launch",
    mixinStandardHelpOptions = true,
    description = {
      "Plan, start the engine, wait until it serves (health, model list, a smoke completion).",
      "Stays in the foreground (Ctrl-C stops the engine) unless --detach is given."
    })
public final class LaunchCommand implements Callable<Integer> {
  private final App app;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin PlanOptions plan;

  @Mixin EndpointOptions endpoint;

  @Option(
      names = {"-d", "--detach"},
      description = "Return once the endpoint is ready and leave it running.")
  boolean detach;

  @Option(names = "--dry-run", description = "Print the plan (as 'plan' does) and start nothing.")
  boolean dryRun;

  @Option(
      names = "--json",
      description = "Print the ready endpoint (or with --dry-run the plan) as JSON.")
  boolean json;

  public LaunchCommand(App app) {
    this.app = app;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PlanRequest request = plan.request();
    PlanOptions.HardwareOverride hardware = plan.hardware();
    if (hardware == null) {
      app.detectAhead(); // while the store opens
    }
    if (!dryRun) {
      app.containerEngineAhead(endpoint.runtime); // while planning
    }
    Plan p = app.plan(request, hardware, endpoint.runtime);
    if (dryRun) {
      endpoint.validate();
      LaunchSpec s = app.endpoints().spec(p, Launching.options(app, endpoint));
      var choice = app.runtimeChoice(endpoint.runtime, p.engine());
      if (json) {
        Json.print(out, PlanView.of(p, s, choice));
      } else {
        PlanText.print(out, p, s, choice, app.colour());
      }
      return 0;
    }
    Endpoints.Launched l = Launching.launch(app, p, endpoint, err, false);
    if (json) {
      Json.print(out, Launching.json(l));
    } else {
      Launching.printReady(out, l);
    }
    if (detach) {
      if (!json) {
        out.println("  stop it with: aim-engine stop " + l.endpoint().name());
        out.flush();
      }
      return 0;
    }
    err.println("aim-engine: serving in the foreground; Ctrl-C stops " + l.endpoint().name());
    err.flush();
    Foreground.Outcome o = Foreground.run(app.endpoints(), l, err);
    if (o.signalled()) {
      err.println("aim-engine: stopped " + l.endpoint().name());
      err.flush();
      return 0;
    }
    var now = app.endpoints().require(l.endpoint().name());
    if (now.state() == io.aimengine.runtime.store.EndpointState.STOPPED) {
      return 0;
    }
    throw new AimException(
        ExitCode.FAILURE,
        l.endpoint().name()
            + ": the engine exited with code "
            + o.exitCode()
            + (now.lastError() == null ? "" : " (" + now.lastError() + ")")
            + "; see aim-engine logs "
            + l.endpoint().name());
  }
}
