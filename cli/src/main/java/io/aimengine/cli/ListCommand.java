package io.aimengine.cli;

import io.aimengine.runtime.store.Endpoint;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aim-engine list}: every endpoint this host knows, reconciled with the processes. */
@Command(
    name = "list",
    aliases = "ls",
    mixinStandardHelpOptions = true,
    description = "List endpoints: name, model, engine, GPUs, URL, state, uptime.")
public final class ListCommand implements Callable<Integer> {
  private final App app;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--json", description = "Print a JSON array (fields in docs/operations.md).")
  boolean json;

  public ListCommand(App app) {
    this.app = app;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<Endpoint> all = app.endpoints().list();
    Instant now = Instant.now();
    if (json) {
      List<Map<String, Object>> views = new ArrayList<>();
      all.forEach(e -> views.add(EndpointView.of(e, now)));
      Json.print(out, views);
      return 0;
    }
    if (all.isEmpty()) {
      out.println("No endpoints. Start one with: aim-engine launch MODEL");
      out.flush();
      return 0;
    }
    Table t = new Table("NAME", "MODEL", "ENGINE", "GPUS", "URL", "STATE", "UPTIME");
    for (Endpoint e : all) {
      Duration up = EndpointView.uptime(e, now);
      t.row(
          e.name(),
          e.model(),
          e.engine(),
          e.gpus().isEmpty()
              ? "cpu"
              : e.gpus().size() + "x" + e.gpuModel() + " [" + join(e.gpus()) + "]",
          e.state().active() ? e.url() : "-",
          e.state().label()
              + (e.exitCode() != null && !e.state().active() ? " (" + e.exitCode() + ")" : ""),
          up == null ? "-" : Durations.human(up));
    }
    t.print(out);
    return 0;
  }

  private static String join(List<Integer> l) {
    return String.join(",", l.stream().map(String::valueOf).toList());
  }
}
