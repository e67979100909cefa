package io.aimengine.cli;

import io.aimengine.core.AimException;
import io.aimengine.core.bench.Slo;
import io.aimengine.runtime.bench.Api;
import io.aimengine.runtime.bench.Bench;
import io.aimengine.runtime.bench.BenchJson;
import io.aimengine.runtime.bench.BenchResult;
import io.aimengine.runtime.bench.BenchSpec;
import io.aimengine.runtime.bench.BenchStore;
import io.aimengine.runtime.bench.HtmlReport;
import io.aimengine.runtime.bench.Load;
import io.aimengine.runtime.bench.Stop;
import io.aimengine.runtime.bench.Target;
import io.aimengine.runtime.store.Endpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code aim-engine bench NAME|URL}: latency and throughput of an OpenAI-compatible endpoint, with
 * the metrics of vLLM's {@code vllm bench serve} (docs/benchmarking.md).
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    subcommands = BenchCompareCommand.class,
    description = {
      "Measure an endpoint (ours by NAME, or any OpenAI-compatible URL): TTFT, TPOT, ITL and",
      "end-to-end latency (mean, median, p90, p99), request and token throughput, goodput.",
      "Results are saved under AIM_HOME/bench; 'bench compare A B' compares two."
    })
public final class BenchCommand implements Callable<Integer> {
  private final App app;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin RequestShapeOptions shape;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "NAME|URL",
      description = "An endpoint name or a base URL.")
  String target;

  @Option(names = "--model", description = "Model name to send (default: the endpoint's).")
  String model;

  @Option(
      names = "--concurrency",
      split = ",",
      paramLabel = "N[,N...]",
      description = "Clients in a closed loop; a list sweeps (default 1).")
  List<Integer> concurrency;

  @Option(
      names = "--rate",
      split = ",",
      paramLabel = "R[,R...]",
      description = "Requests per second, Poisson arrivals as vLLM; a list sweeps.")
  List<Double> rate;

  @Option(
      names = "--burstiness",
      defaultValue = "1.0",
      description =
          "Gamma shape of --rate gaps: 1 is Poisson, <1 burstier (default: ${DEFAULT-VALUE}).")
  double burstiness;

  @Option(
      names = "--max-concurrency",
      defaultValue = "0",
      description = "With --rate: most requests in flight (default: unbounded).")
  int maxConcurrency;

  @Option(
      names = "--prompts",
      paramLabel = "FILE.jsonl",
      description =
          "Prompts from a JSONL file ({\"prompt\": ...} or {\"messages\": [...]} per line).")
  Path prompts;

  @Option(
      names = "--ignore-eos",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Ask for exactly --output-tokens (ignore_eos, min_tokens; default: on).")
  boolean ignoreEos;

  @Option(
      names = "--requests",
      description = "Requests per load level (default 100 unless --duration).")
  Integer requests;

  @Option(
      names = "--duration",
      description = "Time per load level instead of a request count, e.g. 60s.")
  String duration;

  @Option(
      names = "--warmup",
      description = "Requests sent and ignored first (default: the highest concurrency).")
  Integer warmup;

  @Option(
      names = "--goodput",
      arity = "1..*",
      paramLabel = "KEY:MS",
      description = "SLOs for goodput as vLLM: ttft:MS tpot:MS e2el:MS.")
  List<String> goodput;

  @Option(
      names = "--timeout",
      defaultValue = "10m",
      description =
          "A request failing to send a byte this long is a timeout (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Option(names = "--api-key", description = "Bearer token for the endpoint.")
  String apiKey;

  @Option(
      names = "--json",
      description = "Print the results as JSON (fields in docs/benchmarking.md).")
  boolean json;

  @Option(
      names = "--report",
      paramLabel = "FILE.html",
      description = "Write a self-contained HTML report with charts.")
  Path report;

  public BenchCommand(App app) {
    this.app = app;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (target == null) {
      throw AimException.invalid(
          "bench: give an endpoint NAME or URL; see 'aim-engine bench --help'");
    }
    BenchSpec s = spec();
    BenchProgress progress = new BenchProgress(err, ProgressBar.interactive() && !json);
    BenchResult r;
    try {
      r = new Bench(Clock.systemUTC()).run(s, progress);
    } finally {
      progress.done();
    }
    Path saved = new BenchStore(app.settings().aimHome()).save(r);
    if (report != null) {
      writeReport(r);
    }
    if (json) {
      out.println(BenchJson.pretty(BenchJson.toJson(r)));
    } else {
      BenchView.table(out, r);
      out.println(
          "Saved as "
              + r.id()
              + " ("
              + saved
              + ")"
              + (report == null ? "" : "; report: " + report));
    }
    out.flush();
    return 0;
  }

  private void writeReport(BenchResult r) {
    try {
      Path abs = report.toAbsolutePath();
      if (abs.getParent() != null) {
        Files.createDirectories(abs.getParent());
      }
      Path tmp = Files.createTempFile(abs.getParent(), ".report-", ".tmp");
      Files.writeString(tmp, HtmlReport.render(r));
      Files.move(tmp, abs, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw AimException.failure("--report " + report + ": cannot be written: " + e.getMessage());
    }
  }

  BenchSpec spec() {
    Api a = shape.api();
    if (concurrency != null && rate != null) {
      throw AimException.invalid("--concurrency and --rate: give one of them");
    }
    shape.checkLengths();
    List<Load> loads = new ArrayList<>();
    if (rate != null) {
      if (!(burstiness > 0)) {
        throw AimException.invalid("--burstiness " + burstiness + ": must be greater than 0");
      }
      for (double r : rate) {
        if (!(r > 0)) {
          throw AimException.invalid("--rate " + r + ": must be greater than 0");
        }
        loads.add(new Load.Rate(r, burstiness, Math.max(0, maxConcurrency)));
      }
    } else {
      for (int c : concurrency == null ? List.of(1) : concurrency) {
        RequestShapeOptions.positive("--concurrency", c);
        loads.add(new Load.Concurrency(c));
      }
    }
    if (requests != null && duration != null) {
      throw AimException.invalid("--requests and --duration: give one of them");
    }
    Stop stop;
    if (duration != null) {
      stop = Stop.after(Durations.parse(duration, "--duration"));
    } else {
      RequestShapeOptions.positive("--requests", requests == null ? 100 : requests);
      stop = Stop.after(requests == null ? 100 : requests);
    }
    if (prompts != null && !Files.isRegularFile(prompts)) {
      throw AimException.invalid("--prompts " + prompts + ": no such file");
    }
    int highest = 1;
    for (Load l : loads) {
      highest =
          Math.max(
              highest, l instanceof Load.Concurrency c ? c.clients() : Math.max(1, maxConcurrency));
    }
    Duration readTimeout = Durations.parse(timeout, "--timeout");
    return new BenchSpec(
        target(),
        a,
        model,
        shape.inputTokens,
        shape.outputTokens,
        prompts,
        ignoreEos,
        loads,
        stop,
        warmup == null ? highest : Math.max(0, warmup),
        Slo.parse("--goodput", goodput),
        shape.seed,
        readTimeout,
        apiKey);
  }

  private Target target() {
    if (target.startsWith("http://") || target.startsWith("https://")) {
      return Target.url(target.replaceAll("/+$", "").replaceAll("/v1$", ""), model);
    }
    Endpoint e = app.endpoints().require(target);
    if (!e.state().active()) {
      throw AimException.unexpectedState(
          "endpoint '"
              + target
              + "' is "
              + e.state().label()
              + "; start it with 'aim-engine launch'");
    }
    return Target.of(e);
  }
}
