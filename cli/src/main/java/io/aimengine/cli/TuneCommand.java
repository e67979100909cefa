package io.aimengine.cli;

import io.aimengine.core.AimException;
import io.aimengine.core.bench.Slo;
import io.aimengine.core.catalog.Metric;
import io.aimengine.core.plan.Plan;
import io.aimengine.core.plan.PlanRequest;
import io.aimengine.core.tune.Objective;
import io.aimengine.core.tune.SearchSpace;
import io.aimengine.core.tune.TuneConfig;
import io.aimengine.runtime.bench.Api;
import io.aimengine.runtime.bench.Bench;
import io.aimengine.runtime.bench.Load;
import io.aimengine.runtime.tune.TuneResult;
import io.aimengine.runtime.tune.TuneWorkload;
import io.aimengine.runtime.tune.Tuner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code aim-engine tune MODEL}: launches each configuration of the engine's search space through
 * the normal lifecycle, benchmarks it, stops it, and writes the winner as a {@code measured} recipe
 * under {@code AIM_HOME/recipes} (docs/tuning.md).
 */
@Command(
    name = "tune",
    mixinStandardHelpOptions = true,
    description = {
      "Find the best configuration of the engine for MODEL on this machine: launch each",
      "configuration of the sweep, benchmark it against the objective, stop it; clear losers are",
      "dropped after a short first phase. The winner is written as a 'measured' recipe under",
      "AIM_HOME/recipes, which plan and launch then prefer on this hardware."
    })
public final class TuneCommand implements Callable<Integer> {
  private final App app;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin PlanOptions plan;

  @Mixin RequestShapeOptions shape;

  @Option(
      names = "--objective",
      defaultValue = "throughput",
      paramLabel = "O",
      description =
          "throughput (output tokens/s, higher wins) or latency (median end-to-end latency, lower"
              + " wins); default: ${DEFAULT-VALUE}.")
  String objective;

  @Option(
      names = "--goodput",
      arity = "1..*",
      paramLabel = "KEY:MS",
      description =
          "SLOs as bench's --goodput (ttft:MS tpot:MS e2el:MS): a configuration must meet them for"
              + " 90%% of requests.")
  List<String> goodput;

  @Option(
      names = "--margin",
      defaultValue = "20",
      paramLabel = "PCT",
      description =
          "Drop a configuration after the first phase when it is this much worse than the best so"
              + " far (default: ${DEFAULT-VALUE}%%).")
  double margin;

  @Option(
      names = "--sweep",
      paramLabel = "FLAG=V1,V2",
      description =
          "Values to try for an engine flag (repeatable), replacing its default values or adding"
              + " it; tp=1,2,4 sweeps the GPU count (vLLM, SGLang).")
  List<String> sweeps = List.of();

  @Option(
      names = "--max-configs",
      defaultValue = "32",
      paramLabel = "N",
      description = "Refuse a sweep of more configurations than this (default: ${DEFAULT-VALUE}).")
  int maxConfigs;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      description = "Clients in a closed loop (default 4).")
  Integer concurrency;

  @Option(
      names = "--rate",
      paramLabel = "R",
      description = "Requests per second, Poisson arrivals, instead of --concurrency.")
  Double rate;

  @Option(
      names = "--requests",
      defaultValue = "40",
      description =
          "Requests of the second phase, whose figures count (default: ${DEFAULT-VALUE}).")
  int requests;

  @Option(
      names = "--screen-requests",
      paramLabel = "N",
      description =
          "Requests of the first phase (default: a quarter of --requests, at least twice the"
              + " concurrency); as many as --requests: one phase, nothing dropped early.")
  Integer screenRequests;

  @Option(
      names = "--warmup",
      paramLabel = "N",
      description = "Requests sent and ignored before the first phase (default: the concurrency).")
  Integer warmup;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description =
          "Port of every configuration's endpoint, one at a time (default: as launch picks it).")
  int port;

  @Option(
      names = "--runtime",
      paramLabel = "RUNTIME",
      description = "auto (default), process or container, as launch.")
  String runtime;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "Start-up budget of each configuration (default: launch's).")
  String timeout;

  @Option(
      names = "--max-time",
      paramLabel = "DURATION",
      description = "Start no configuration after this much time (e.g. 2h); the rest is skipped.")
  String maxTime;

  @Option(
      names = "--dry-run",
      description = "Print the configurations that would be tried (any engine) and start nothing.")
  boolean dryRun;

  @Option(names = "--no-write", description = "Measure and report, but write no recipe.")
  boolean noWrite;

  @Option(
      names = "--json",
      description = "Print one JSON object (fields in docs/tuning.md) instead of the table.")
  boolean json;

  public TuneCommand(App app) {
    this.app = app;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (plan.metric != null) {
      throw AimException.invalid("--metric: tune takes --objective latency|throughput");
    }
    Metric metric = Metric.parse(objective, "--objective");
    if (!(margin >= 0) || Double.isInfinite(margin)) {
      throw AimException.invalid("--margin " + margin + ": expected a percentage ≥ 0");
    }
    Objective obj = new Objective(metric, Slo.parse("--goodput", goodput), margin / 100);
    TuneWorkload workload = workload();
    Duration limit = maxTime == null ? null : Durations.parse(maxTime, "--max-time");
    Duration startup = timeout == null ? null : Durations.parse(timeout, "--timeout");
    if (port < 0 || port > 65535) {
      throw AimException.invalid("--port " + port + ": expected 1-65535");
    }
    RequestShapeOptions.positive("--max-configs", maxConfigs);

    PlanRequest base = withMetric(plan.request(), metric);
    PlanOptions.HardwareOverride hardware = plan.hardware();
    Plan basePlan = app.plan(base, hardware, runtime);
    SearchSpace.Context ctx =
        new SearchSpace.Context(
            machineGpus(basePlan, hardware),
            cpuThreads(app.inventory(hardware)),
            shape.inputTokens,
            shape.outputTokens);
    SearchSpace space =
        SearchSpace.defaults(basePlan.engine(), basePlan.engineVersion(), ctx).with(sweeps);
    if (space.size() > maxConfigs) {
      throw AimException.invalid(
          "the sweep has "
              + space.size()
              + " configurations, more than --max-configs "
              + maxConfigs
              + "; narrow it with --sweep FLAG=V1,V2 or raise --max-configs");
    }
    List<TuneConfig> configs = space.configs(ctx);
    if (dryRun) {
      TuneView.dryRun(
          out, app, base, hardware, runtime, basePlan, space, configs, obj, workload, json);
      return 0;
    }
    if (hardware != null) {
      throw AimException.invalid(
          "--gpu/--gpu-count plan for another machine: tune measures this one (use them with"
              + " --dry-run)");
    }

    TuneTrials trials = new TuneTrials(app, base, runtime, port, startup, err);
    Bench bench = new Bench(Clock.systemUTC());
    Tuner tuner = new Tuner(trials, bench::run, obj, workload, limit);
    boolean live = ProgressBar.interactive() && !json;
    TuneProgress progress = new TuneProgress(err, live, configs.size());
    // SIGINT, SIGTERM, SIGHUP: the JVM runs shutdown hooks; this one stops the trial that runs
    // and waits until run returns, so that a configuration still starting (which the launch
    // lifecycle's own hook stops) is removed too before the JVM halts.
    Thread hook = Thread.ofPlatform().name("aim-engine-tune-stop").unstarted(tuner::abort);
    io.aimengine.core.ShutdownHooks.add(hook);
    TuneResult result;
    boolean interrupted;
    try {
      result = tuner.run(configs, progress);
    } finally {
      progress.done();
      interrupted = tuner.aborted();
      tuner.abort();
      if (!io.aimengine.core.ShutdownHooks.remove(hook)) {
        interrupted = true; // the hook runs already
      }
    }
    Path written = null;
    String recipeId = null;
    // An interrupted search is not a finished one: its table is shown, no recipe is written.
    if (result.winner().isPresent() && !noWrite && !interrupted) {
      TuneRecipes.Written w =
          TuneRecipes.write(app, base, result.winner().get(), result, workload, configs.size());
      written = w.path();
      recipeId = w.recipeId();
    }
    if (json) {
      Json.print(out, TuneView.json(base, basePlan, result, workload, written, recipeId));
    } else {
      TuneView.table(out, result, written, recipeId);
    }
    if (interrupted) {
      throw AimException.failure("tune was interrupted; no recipe written");
    }
    if (result.winner().isEmpty()) {
      throw AimException.failure(
          "no configuration met the objective's rules (see the reasons above); nothing written");
    }
    return 0;
  }

  private TuneWorkload workload() {
    Api a = shape.api();
    if (concurrency != null && rate != null) {
      throw AimException.invalid("--concurrency and --rate: give one of them");
    }
    shape.checkLengths();
    RequestShapeOptions.positive("--requests", requests);
    Load load;
    int clients;
    if (rate != null) {
      if (!(rate > 0) || rate.isInfinite()) {
        throw AimException.invalid("--rate " + rate + ": must be greater than 0");
      }
      load = new Load.Rate(rate, 1.0, 0);
      clients = Math.max(1, (int) Math.ceil(rate));
    } else {
      clients = concurrency == null ? 4 : concurrency;
      RequestShapeOptions.positive("--concurrency", clients);
      load = new Load.Concurrency(clients);
    }
    int screen =
        screenRequests != null
            ? screenRequests
            : Math.min(requests, Math.max(requests / 4, 2 * clients));
    RequestShapeOptions.positive("--screen-requests", screen);
    return new TuneWorkload(
        a,
        shape.inputTokens,
        shape.outputTokens,
        load,
        Math.min(screen, requests),
        requests,
        warmup == null ? clients : Math.max(0, warmup),
        shape.seed,
        Duration.ofMinutes(10));
  }

  /** GPUs of the planned model on the machine (0 on a CPU): the largest tensor parallelism. */
  private int machineGpus(Plan p, PlanOptions.HardwareOverride hardware) {
    if (p.gpuCount() == 0) {
      return 0;
    }
    if (plan.gpuCount != null) {
      return plan.gpuCount;
    }
    return app.inventory(hardware).byModel().getOrDefault(p.gpuModel(), List.of()).size();
  }

  private static int cpuThreads(io.aimengine.core.hardware.Inventory inventory) {
    return inventory.cpu() != null && inventory.cpu().cores() > 0
        ? inventory.cpu().cores()
        : Runtime.getRuntime().availableProcessors();
  }

  static PlanRequest withMetric(PlanRequest r, Metric metric) {
    return new PlanRequest(
        r.model(),
        r.gpuCount(),
        r.precision(),
        r.engine(),
        metric,
        r.recipeId(),
        r.argOverrides(),
        r.engineVersion(),
        r.revision());
  }
}
