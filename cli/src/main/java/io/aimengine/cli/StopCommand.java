package io.aimengine.cli;

import io.aimengine.core.AimException;
import io.aimengine.runtime.endpoint.Endpoints;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code aim-engine stop}: SIGTERM to the endpoint's process group, SIGKILL after the grace. */
@Command(
    name = "stop",
    mixinStandardHelpOptions = true,
    description = {
      "Stop endpoints: SIGTERM to the engine's whole process group, SIGKILL after the grace period.",
      "Stopping an endpoint that already ended is not an error."
    })
public final class StopCommand implements Callable<Integer> {
  private final App app;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "NAME", description = "Endpoint names (see 'list').")
  List<String> names = new ArrayList<>();

  @Option(names = "--all", description = "Stop every running endpoint.")
  boolean all;

  @Option(
      names = "--json",
      description = "Print what was stopped as JSON (fields in docs/operations.md).")
  boolean json;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "Grace period before SIGKILL (default 30s).")
  String timeout = "30s";

  public StopCommand(App app) {
    this.app = app;
  }

  @Override
  public Integer call() {
    if (all == !names.isEmpty()) {
      throw AimException.invalid("stop: give endpoint NAMEs or --all (not both)");
    }
    var grace = Durations.parse(timeout, "--timeout");
    Endpoints endpoints = app.endpoints();
    List<String> targets = all ? endpoints.activeNames() : names;
    // Unknown names fail before anything is stopped.
    targets.forEach(endpoints::require);
    PrintWriter out = spec.commandLine().getOut();
    List<java.util.Map<String, Object>> views = new ArrayList<>();
    if (targets.isEmpty() && !json) {
      out.println("No running endpoints.");
    }
    for (String n : targets) {
      Endpoints.Stopped s = endpoints.stop(n, grace);
      views.add(view(s));
      if (json) {
        continue;
      }
      if (!s.wasRunning() && s.took().isZero() && s.endpoint().state().label().equals("stopped")) {
        out.println(n + " is stopped");
      } else if (!s.wasRunning()) {
        out.println(n + " was not running (" + s.endpoint().state().label() + ")");
      } else {
        out.printf(
            "stopped %s (%s, %.1f s)%n",
            n,
            s.killed() ? "SIGKILL after " + grace.toSeconds() + " s" : "SIGTERM",
            s.took().toMillis() / 1000.0);
      }
    }
    if (json) {
      Json.print(out, java.util.Map.of("stopped", views));
    }
    out.flush();
    endpoints
        .store()
        .notWritable()
        .ifPresent(
            why -> {
              PrintWriter err = spec.commandLine().getErr();
              err.println(
                  "aim-engine: "
                      + endpoints.store().file()
                      + " is "
                      + why
                      + ": the stop was not recorded; list shows it as exited once the store"
                      + " can be written again");
              err.flush();
            });
    return 0;
  }

  /** One entry of {@code stop --json} (docs/operations.md): stable field names. */
  private static java.util.Map<String, Object> view(Endpoints.Stopped s) {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("name", s.endpoint().name());
    m.put("was_running", s.wasRunning());
    m.put("signal", !s.wasRunning() ? null : s.killed() ? "SIGKILL" : "SIGTERM");
    m.put("took_s", s.took().toMillis() / 1000.0);
    m.put("state", s.endpoint().state().label());
    m.put("exit_code", s.endpoint().exitCode());
    return m;
  }
}
