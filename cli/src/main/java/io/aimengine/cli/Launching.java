package io.aimengine.cli;

import io.aimengine.core.engine.LaunchOptions;
import io.aimengine.core.engine.LaunchSpec;
import io.aimengine.core.plan.ModelFactsResolver;
import io.aimengine.core.plan.Plan;
import io.aimengine.runtime.cache.Bytes;
import io.aimengine.runtime.cache.PullProgress;
import io.aimengine.runtime.cache.PullResult;
import io.aimengine.runtime.cache.RepoId;
import io.aimengine.runtime.endpoint.Endpoints;
import io.aimengine.runtime.endpoint.RuntimeChoice;
import java.io.PrintWriter;
import java.time.Instant;

/** Plan → launch, shared by {@code launch} and {@code serve}; prints progress to stderr. */
final class Launching {
  private Launching() {}

  static Endpoints.Launched launch(
      App app, Plan plan, EndpointOptions o, PrintWriter err, boolean quiet) {
    o.validate();
    LaunchOptions lo = options(app, o);
    RuntimeChoice choice = app.runtimeChoice(o.runtime, plan.engine());
    String runtime = choice.require();
    app.pullPolicy(o.pullPolicy());
    app.runtimes().get(runtime); // a container engine that does not answer fails here, one line
    if (app.settings().hfOffline() && missingFromCache(app, plan)) {
      prepareWeights(app, plan, err, quiet); // fails at once, naming what is missing
    }
    Endpoints endpoints = app.endpoints();
    LaunchSpec preview = endpoints.spec(plan, lo);
    if (!quiet) {
      err.println("aim-engine: runtime " + runtime + " (" + choice.why() + ")");
      err.flush();
    }
    String planJson;
    try {
      planJson = Json.mapper().writeValueAsString(PlanView.of(plan, preview, choice));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    // The engine, name, port and GPUs are checked and held first; only then are weights pulled.
    return endpoints.launch(
        new Endpoints.LaunchRequest(
            plan, planJson, lo, o.timeout(), o.restartPolicy(), o.liveness(), runtime),
        () -> prepareWeights(app, plan, err, quiet),
        msg -> {
          if (!quiet) {
            err.println("aim-engine: " + msg);
            err.flush();
          }
        });
  }

  /** Launch options from the endpoint flags. */
  static LaunchOptions options(App app, EndpointOptions o) {
    return app.launchOptions()
        .withHost(o.host)
        .withPort(o.port)
        .withName(o.name)
        .withImage(o.image);
  }

  /**
   * Makes sure the checkpoint the engine loads is completely in the model cache before it starts: a
   * cached one is used as it is (no network request), a missing one is pulled, with progress. The
   * engine then runs with HF_HUB_OFFLINE=1 and never reaches the Hub. Local paths, and names that
   * are no Hub id, are left to the engine.
   */
  static void prepareWeights(App app, Plan plan, PrintWriter err, boolean quiet) {
    String model = plan.servedModel();
    if (ModelFactsResolver.isLocal(model) || RepoId.parse(model).isEmpty()) {
      return;
    }
    boolean offline = app.settings().hfOffline();
    boolean pulledElsewhere = false;
    if (!offline && PullProcess.wanted() && !app.modelCache().isComplete(model, "main")) {
      PullProcess.pull(app, model, "main", err);
      pulledElsewhere = true;
    }
    PullResult r =
        app.modelCache()
            .prepare(model, "main", offline, quiet ? PullProgress.NONE : app.progress(err, "pull"));
    if (!quiet && !pulledElsewhere) {
      err.println(
          "aim-engine: "
              + (r.network() && r.downloadedFiles() > 0
                  ? "pulled "
                      + model
                      + ": "
                      + Bytes.human(r.fetchedBytes())
                      + " in "
                      + CacheViews.seconds(r.elapsed())
                  : "weights of " + model + " are cached (" + Bytes.human(r.totalBytes()) + ")")
              + "; "
              + r.snapshot());
      err.flush();
    }
  }

  private static boolean missingFromCache(App app, Plan plan) {
    String model = plan.servedModel();
    return !ModelFactsResolver.isLocal(model)
        && RepoId.parse(model).isPresent()
        && !app.modelCache().isComplete(model, "main");
  }

  /** The human summary once ready. */
  static void printReady(PrintWriter out, Endpoints.Launched l) {
    var e = l.endpoint();
    var r = l.result();
    out.printf(
        "%s is ready at %s/v1 (model \"%s\")%s%n",
        e.name(), e.url(), l.spec().servedModelName(), e.bindNote());
    out.printf(
        "  healthy after %.1f s; ready %d ms after health; smoke completion: %s tokens%s%n",
        r.healthyAfter().toMillis() / 1000.0,
        r.healthToReady().toMillis(),
        r.smokeTokens() < 0 ? "?" : String.valueOf(r.smokeTokens()),
        r.smokeText() == null || r.smokeText().isBlank()
            ? ""
            : " (" + oneLine(r.smokeText()) + ")");
    if (e.containerId() != null) {
      out.printf(
          "  container %s (%s); its output: aim-engine logs %s%n",
          e.containerId().substring(0, Math.min(12, e.containerId().length())),
          l.spec().container().image(),
          e.name());
    } else {
      out.printf("  pid %d, log %s%n", e.pid(), e.logPath());
    }
    out.flush();
  }

  static Object json(Endpoints.Launched l) {
    var m = EndpointView.of(l.endpoint(), Instant.now());
    m.put("healthy_after_ms", l.result().healthyAfter().toMillis());
    m.put("health_to_ready_ms", l.result().healthToReady().toMillis());
    m.put("smoke_tokens", l.result().smokeTokens());
    m.put("smoke_text", l.result().smokeText());
    return m;
  }

  private static String oneLine(String s) {
    String t = s.replaceAll("\\s+", " ").trim();
    return t.length() > 60 ? t.substring(0, 60) + "..." : t;
  }
}
