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

/**
 * {@code aim-engine list}: the endpoints this host knows, reconciled with the processes. As {@code
 * docker ps}: ended endpoints (stopped, failed, exited) that ended more than {@link #RECENT} ago
 * are left out unless {@code --all}; {@code rm}/{@code prune} remove them for good.
 */
@Command(
    name = "list",
    aliases = "ls",
    mixinStandardHelpOptions = true,
    description = {
      "List endpoints: name, model, engine, GPUs, URL, state, uptime.",
      "Endpoints that ended more than a day ago are hidden unless --all."
    })
public final class ListCommand implements Callable<Integer> {
  /** How long an ended endpoint stays in the default listing. */
  static final Duration RECENT = Duration.ofDays(1);

  private final App app;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--json", description = "Print a JSON array (fields in docs/operations.md).")
  boolean json;

  @Option(
      names = {"-a", "--all"},
      description = "Also endpoints that ended more than a day ago.")
  boolean showAll;

  public ListCommand(App app) {
    this.app = app;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Instant now = Instant.now();
    List<Endpoint> known = app.endpoints().list();
    List<Endpoint> all = showAll ? known : known.stream().filter(e -> shown(e, now)).toList();
    int hidden = known.size() - all.size();
    if (json) {
      List<Map<String, Object>> views = new ArrayList<>();
      all.forEach(e -> views.add(EndpointView.of(e, now)));
      Json.print(out, views);
      return 0;
    }
    if (all.isEmpty()) {
      out.println("No endpoints. Start one with: aim-engine launch MODEL");
      printHidden(spec.commandLine().getErr(), hidden);
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
          app.colour().state(e.state().label())
              + (e.exitCode() != null && !e.state().active() ? " (" + e.exitCode() + ")" : ""),
          up == null ? "-" : Durations.human(up));
    }
    t.print(out);
    printHidden(spec.commandLine().getErr(), hidden);
    out.flush();
    return 0;
  }

  /** Active, or ended less than {@link #RECENT} ago. */
  static boolean shown(Endpoint e, Instant now) {
    if (e.state().active()) {
      return true;
    }
    Instant ended = e.endedAt() != null ? e.endedAt() : e.updatedAt();
    return ended == null || ended.isAfter(now.minus(RECENT));
  }

  private static void printHidden(PrintWriter out, int hidden) {
    if (hidden > 0) {
      out.println(
          hidden
              + " endpoint"
              + (hidden == 1 ? "" : "s")
              + " that ended over a day ago not shown: list --all shows them, prune removes them");
    }
  }

  private static String join(List<Integer> l) {
    return String.join(",", l.stream().map(String::valueOf).toList());
  }
}
