package io.aimengine.cli;

import io.aimengine.runtime.endpoint.Endpoints;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aim-engine prune}: removes every ended endpoint, as {@code docker container prune}. */
@Command(
    name = "prune",
    mixinStandardHelpOptions = true,
    description = {
      "Remove every ended endpoint (stopped, failed, exited): rows, history and log files.",
      "Running endpoints are never touched. Prints what was removed."
    })
public final class PruneCommand implements Callable<Integer> {
  private final App app;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--json",
      description = "Print what was removed as JSON (fields in docs/operations.md).")
  boolean json;

  public PruneCommand(App app) {
    this.app = app;
  }

  @Override
  public Integer call() {
    List<Endpoints.Removed> removed = app.endpoints().prune();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, RemovedView.of(removed));
      return 0;
    }
    removed.forEach(r -> out.println(RemovedView.line(r)));
    out.println(
        removed.isEmpty()
            ? "Nothing to prune: no stopped, failed or exited endpoints."
            : "Removed " + removed.size() + " endpoint" + (removed.size() == 1 ? "" : "s") + ".");
    out.flush();
    return 0;
  }
}
