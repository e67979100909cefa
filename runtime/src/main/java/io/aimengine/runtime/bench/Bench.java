package io.aimengine.runtime.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimengine.core.AimException;
import io.aimengine.core.bench.RequestOutcome;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Runs a {@link BenchSpec}: asks the endpoint for its model when none is given, sends one probe
 * request (failing fast, as vLLM does, when it does not succeed), sizes synthetic prompts from the
 * probe's reported prompt length, warms up, then runs each load level of the sweep in turn.
 */
public final class Bench {
  private static final DateTimeFormatter ID =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  /**
   * Requests through the generator's own path before measuring, at least (~0.3 s; more until the
   * JIT is quiet, at most 5 s), see OwnPathWarmUp.
   */
  static final int OWN_PATH_WARM_UP = 400;

  private final Clock clock;

  public Bench(Clock clock) {
    this.clock = clock;
  }

  public BenchResult run(BenchSpec spec, Progress progress) {
    OkHttpClient client = BenchHttp.create(spec.maxInFlight(), spec.readTimeout());
    try {
      String model = spec.model() != null ? spec.model() : firstModel(client, spec);
      StreamingRequest sender =
          new StreamingRequest(client, spec.target().url(), spec.api(), spec.apiKey());
      int count = 256;
      List<Prompt> prompts =
          spec.promptFile() != null
              ? Prompts.jsonl(spec.promptFile())
              : Prompts.synthetic(count, spec.inputTokens(), spec.seed());
      Workload workload =
          new Workload(spec.api(), model, prompts, spec.outputTokens(), spec.ignoreEos());
      RequestOutcome probe = new LoadGenerator(sender, workload, spec.slo(), spec.seed()).probe();
      if (spec.promptFile() == null && probe.promptTokens() > 0) {
        // A second probe with the first prompt twice over separates the template's overhead
        // from the per-word cost (same words, so word-length noise cancels), so short prompts
        // come out at the asked length too.
        int w2 = spec.inputTokens() * 2;
        String twice = prompts.get(0).text() + " " + prompts.get(0).text();
        RequestOutcome probe2 =
            new LoadGenerator(
                    sender,
                    workload.withPrompts(List.of(Prompt.text(twice, w2))),
                    spec.slo(),
                    spec.seed())
                .probe();
        workload =
            workload.withPrompts(
                Prompts.fitted(
                    count,
                    spec.inputTokens(),
                    spec.inputTokens(),
                    probe.promptTokens(),
                    w2,
                    probe2.promptTokens(),
                    spec.seed()));
      }
      LoadGenerator gen = new LoadGenerator(sender, workload, spec.slo(), spec.seed());
      gen.warmOwnPath(OWN_PATH_WARM_UP);
      gen.warmUp(spec.warmup(), spec.maxInFlight());
      List<RunResult> runs = new ArrayList<>();
      for (Load load : spec.loads()) {
        runs.add(gen.run(load, spec.stop(), progress));
      }
      Instant now = clock.instant();
      Target t = spec.target();
      String who = t.name() != null ? t.name() : hostPort(t.url());
      Target resolved =
          new Target(
              t.name(),
              t.url(),
              t.engine(),
              t.model(),
              model,
              t.recipeId(),
              t.gpu(),
              t.argv(),
              t.planJson());
      return new BenchResult(
          ID.format(now) + "-" + who,
          now,
          resolved,
          spec.api(),
          spec.promptFile() == null ? spec.inputTokens() : 0,
          spec.outputTokens(),
          spec.promptFile() == null ? null : spec.promptFile().toString(),
          spec.slo().toString(),
          runs);
    } finally {
      BenchHttp.close(client);
    }
  }

  private static String hostPort(String url) {
    return url.replaceFirst("^[a-z]+://", "")
        .replaceAll("[^A-Za-z0-9.-]+", "-")
        .replaceAll("-+$", "");
  }

  /** The first model {@code /v1/models} lists (vLLM's benchmark does the same). */
  static String firstModel(OkHttpClient client, BenchSpec spec) {
    String url = spec.target().url().replaceAll("/+$", "") + "/v1/models";
    Request.Builder b = new Request.Builder().url(url);
    if (spec.apiKey() != null) {
      b.header("Authorization", "Bearer " + spec.apiKey());
    }
    try (Response r = client.newCall(b.build()).execute()) {
      if (r.code() != 200) {
        throw AimException.failure(url + " answered " + r.code() + "; give the model with --model");
      }
      JsonNode n = BenchJson.JSON.readTree(r.body().string());
      JsonNode id = n.path("data").path(0).path("id");
      if (!id.isTextual()) {
        throw AimException.failure(url + " lists no model; give the model with --model");
      }
      return id.asText();
    } catch (IOException e) {
      throw AimException.failure("cannot reach " + url + ": " + e.getMessage());
    }
  }
}
