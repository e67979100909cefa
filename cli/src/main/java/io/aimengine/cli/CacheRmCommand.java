package io.aimengine.cli;

import io.aimengine.runtime.cache.Bytes;
import io.aimengine.runtime.cache.ModelCache;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code aim-engine cache rm MODEL [--force]}. */
@Command(
    name = "rm",
    mixinStandardHelpOptions = true,
    description = "Remove a model from the cache; refused while an endpoint uses it (exit 3).")
public final class CacheRmCommand implements Callable<Integer> {
  private final App app;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL", description = "Hugging Face id")
  String model;

  @Option(names = "--force", description = "Remove even while endpoints use it.")
  boolean force;

  @Option(
      names = "--json",
      description =
          "Print what was removed as JSON: repo, freed_bytes, was_in_use_by (docs/operations.md).")
  boolean json;

  public CacheRmCommand(App app) {
    this.app = app;
  }

  @Override
  public Integer call() {
    ModelCache.Removal r = app.modelCache().remove(model, force);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("repo", r.repo().toString());
      m.put("freed_bytes", r.freedBytes());
      m.put("was_in_use_by", r.wasInUseBy());
      Json.print(out, m);
    } else {
      out.println("Removed " + r.repo() + " (" + Bytes.human(r.freedBytes()) + ")");
      out.flush();
    }
    if (!r.wasInUseBy().isEmpty()) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(
          app.colour()
              .warning(
                  "aim-engine: warning: removed while in use by "
                      + String.join(", ", r.wasInUseBy())
                      + "; restart them to fetch it again"));
      err.flush();
    }
    return 0;
  }
}
