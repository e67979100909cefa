package io.aimengine.cli;

import io.aimengine.core.AimException;
import io.aimengine.runtime.endpoint.Endpoints;
import io.aimengine.runtime.store.Endpoint;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code aim-engine rm NAME...}: forgets ended endpoints (row, history, logs), as {@code docker
 * rm}. Every name is checked before anything is removed: an unknown name (exit 3) or a running
 * endpoint without --force (exit 3) removes nothing.
 */
@Command(
    name = "rm",
    mixinStandardHelpOptions = true,
    description = {
      "Remove ended endpoints: their row in 'list', their history and their log files.",
      "A running endpoint is refused (exit 3) unless --force, which stops it first."
    })
public final class RmCommand implements Callable<Integer> {
  private final App app;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "NAME", description = "Endpoint names (see 'list').")
  List<String> names = new ArrayList<>();

  @Option(
      names = {"-f", "--force"},
      description = "Stop running endpoints first (SIGTERM, SIGKILL after --timeout).")
  boolean force;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "With --force: grace period before SIGKILL (default 30s).")
  String timeout = "30s";

  @Option(
      names = "--json",
      description = "Print what was removed as JSON (fields in docs/operations.md).")
  boolean json;

  public RmCommand(App app) {
    this.app = app;
  }

  @Override
  public Integer call() {
    var grace = Durations.parse(timeout, "--timeout");
    Endpoints endpoints = app.endpoints();
    List<String> targets = List.copyOf(new LinkedHashSet<>(names));
    for (String n : targets) {
      Endpoint e = endpoints.require(n);
      if (e.state().active() && !force) {
        throw AimException.unexpectedState(
            n
                + " is "
                + e.state().label()
                + "; stop it first (aim-engine stop "
                + n
                + ") or use rm --force; nothing was removed");
      }
    }
    List<Endpoints.Removed> removed = new ArrayList<>();
    for (String n : targets) {
      removed.add(endpoints.remove(n, force, grace));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, RemovedView.of(removed));
    } else {
      removed.forEach(r -> out.println(RemovedView.line(r)));
      out.flush();
    }
    return 0;
  }
}
