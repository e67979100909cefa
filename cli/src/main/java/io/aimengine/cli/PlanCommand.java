package io.aimengine.cli;

import io.aimengine.core.catalog.FileCatalog;
import io.aimengine.core.catalog.Problem;
import io.aimengine.core.engine.BindAddress;
import io.aimengine.core.engine.EngineAdapter;
import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.engine.EnvVarTable;
import io.aimengine.core.engine.FlagSchema;
import io.aimengine.core.engine.LaunchOptions;
import io.aimengine.core.engine.LaunchSpec;
import io.aimengine.core.hardware.GpuCatalog;
import io.aimengine.core.plan.NoFeasiblePlanException;
import io.aimengine.core.plan.Plan;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aim-engine plan}: the launch decision, with its reasons, changing nothing. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Show which engine, GPUs, precision, recipe, flags and environment a launch would use, and why.",
      "Changes nothing. Exit 3 when nothing fits, with the smallest change that would."
    })
public final class PlanCommand implements Callable<Integer> {
  private final App app;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin PlanOptions options;

  @Option(
      names = "--port",
      description = "Port the engine would listen on (default: recipe's, else engine default).")
  int port;

  @Option(
      names = "--host",
      description =
          "Bind address passed to the engine (default 127.0.0.1: this host only; 0.0.0.0 serves"
              + " every interface).")
  String host = BindAddress.LOOPBACK;

  @Option(
      names = "--runtime",
      paramLabel = "RUNTIME",
      description = "auto (default, or AIM_RUNTIME), process or container: which runtime to show.")
  String runtime;

  @Option(
      names = "--image",
      paramLabel = "IMAGE",
      description = "Container image instead of the catalog's pinned one.")
  String image;

  @Option(
      names = "--json",
      description = "Print the plan as JSON (fields documented in docs/recipes.md).")
  boolean json;

  public PlanCommand(App app) {
    this.app = app;
  }

  /**
   * Reads on a second thread, while the command line is still being built and parsed, the tables
   * every plan reads first: the GPU table, vLLM's flag table, the environment table, the pinned
   * images, the catalog's index and the directories the arguments name ({@link #readAhead}), the
   * container engine's answer to a ping, and this host's CPU (~20% of a plan's start-up, otherwise
   * all on the main thread). What the plan then asks for it takes from there, or waits for the read
   * in progress. Nothing is reported here: a table that cannot be read fails the same way when the
   * plan reads it.
   */
  static void warmUp(App app, String... args) {
    Thread t =
        new Thread(
            () -> {
              try {
                GpuCatalog gpus = GpuCatalog.builtIn();
                if (app.catalog() instanceof FileCatalog c) {
                  c.loadIndex();
                  readAhead(c, gpus, args);
                }
                app.hardware().readCpu(); // the plan's inventory holds this host's CPU
                FlagSchema.forEngine(EngineKind.VLLM);
                EnvVarTable.builtIn();
                io.aimengine.core.engine.EngineImages.builtIn(); // the pinned image's release
                System.console(); // whether colour is on: the JDK's console, set up on first use
                app.pingContainerEngineAhead(); // which runtime a launch would use
              } catch (RuntimeException | Error e) {
                // the plan meets it again and reports it
              }
            },
            "aim-plan-warm-up");
    t.setDaemon(true);
    t.start();
  }

  /**
   * Reads the catalog directories the plan will read first, from the arguments as typed: the
   * model's recipes ({@code plan MODEL ...}) and, with {@code --gpu}, that GPU's general recipes
   * (~75 files, a quarter of a plan's work on the main thread, which meanwhile builds and parses
   * the command line and detects the hardware). The catalog memoises each directory, so the plan
   * takes what this read or waits for the read in progress; a guess the parsed arguments do not
   * confirm only costs this thread's time.
   */
  private static void readAhead(FileCatalog catalog, GpuCatalog gpus, String... args) {
    String model = null;
    String gpu = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--gpu") && i + 1 < args.length) {
        gpu = args[i + 1];
      } else if (a.startsWith("--gpu=")) {
        gpu = a.substring("--gpu=".length());
      } else if (model == null
          && i > 0
          && args[i - 1].equals("plan")
          && !a.startsWith("-")
          && a.indexOf('/') > 0
          && !a.startsWith(".")) {
        model = a; // a Hub id typed right after the command, as in every example
      }
    }
    if (model != null) {
      catalog.recipesFor(model);
    }
    if (gpu != null) {
      gpus.find(gpu).ifPresent(spec -> catalog.generalRecipes(spec.name()));
    }
  }

  @Override
  public Integer call() {
    String bind = EndpointOptions.validHost(host);
    Plan plan;
    try {
      // --gpu/--gpu-count name a target machine, not this host: its GPUs are all free.
      plan = app.plan(options.request(), options.hardware(), runtime, true);
    } catch (NoFeasiblePlanException e) {
      reportRefusedRecipes();
      if (!json) { // with --json the error handler prints the object (ErrorView)
        var out = spec.commandLine().getOut();
        out.println("Why");
        e.reasons().forEach(r -> out.println("  - " + r));
        out.println();
        PlanText.candidates(out, e.candidates());
        out.flush();
      }
      throw e;
    }
    reportRefusedRecipes();
    LaunchOptions lo = app.launchOptions().withHost(bind).withPort(port).withImage(image);
    LaunchSpec launch = EngineAdapter.of(plan.engine()).launchSpec(plan, lo);
    var choice = app.runtimeChoice(runtime, plan.engine());
    if (json) {
      Json.print(spec.commandLine().getOut(), PlanView.of(plan, launch, choice));
    } else {
      // Composed, then written at once: picocli's writer flushes at every line (~40 writes).
      java.io.StringWriter text = new java.io.StringWriter();
      PlanText.print(new java.io.PrintWriter(text), plan, launch, choice, app.colour());
      var out = spec.commandLine().getOut();
      out.print(text);
      out.flush();
    }
    return 0;
  }

  /** Catalog files that could not be used for this plan: one warning line each, on stderr. */
  private void reportRefusedRecipes() {
    var err = spec.commandLine().getErr();
    app.catalog().loadProblems().stream()
        .filter(p -> p.severity() == Problem.Severity.ERROR)
        .forEach(
            p -> err.println(app.colour().warning("aim-engine: warning: recipe not used: " + p)));
    err.flush();
  }
}
