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

  public CacheRmCommand(App app) {
    this.app = app;
  }

  @Override
  public Integer call() {
    ModelCache.Removal r = app.modelCache().remove(model, force);
    PrintWriter out = spec.commandLine().getOut();
    out.println("Removed " + r.repo() + " (" + Bytes.human(r.freedBytes()) + ")");
    out.flush();
    if (!r.wasInUseBy().isEmpty()) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(
          "aim-engine: warning: removed while in use by "
              + String.join(", ", r.wasInUseBy())
              + "; restart them to fetch it again");
      err.flush();
    }
    return 0;
  }
}
