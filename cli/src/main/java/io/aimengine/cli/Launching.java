package io.aimengine.cli;

import io.aimengine.core.engine.CompanionRepos;
import io.aimengine.core.engine.LaunchOptions;
import io.aimengine.core.engine.LaunchSpec;
import io.aimengine.core.model.RepoFiles;
import io.aimengine.core.plan.ModelFactsResolver;
import io.aimengine.core.plan.Plan;
import io.aimengine.runtime.cache.Bytes;
import io.aimengine.runtime.cache.FilePatterns;
import io.aimengine.runtime.cache.PullProgress;
import io.aimengine.runtime.cache.PullRequest;
import io.aimengine.runtime.cache.PullResult;
import io.aimengine.runtime.cache.RepoId;
import io.aimengine.runtime.container.ContainerRuntime;
import io.aimengine.runtime.endpoint.Endpoints;
import io.aimengine.runtime.endpoint.RuntimeChoice;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

/** Plan → launch, shared by {@code launch} and {@code serve}; prints progress to stderr. */
final class Launching {
  private Launching() {}

  static Endpoints.Launched launch(
      App app, Plan plan, EndpointOptions o, PrintWriter err, boolean quiet) {
    return launch(app, plan, o, err, StartupLog.text(err, quiet));
  }

  /** A launch whose start-up lines and phases go to {@code log}. */
  static Endpoints.Launched launch(
      App app, Plan plan, EndpointOptions o, PrintWriter err, StartupLog log) {
    o.validate();
    LaunchOptions lo = options(app, o);
    RuntimeChoice choice = app.runtimeChoice(o.runtime, plan.engine());
    String runtime = choice.require();
    app.pullPolicy(o.pullPolicy());
    app.runtimes().get(runtime); // a container engine that does not answer fails here, one line
    if (app.settings().hfOffline() && missingFromCache(app, plan)) {
      prepareWeights(app, plan, err, log); // fails at once, naming what is missing
    }
    Endpoints endpoints = app.endpoints();
    LaunchSpec preview = endpoints.spec(plan, lo);
    // The runtime's name first: the instanceof alone would load ContainerRuntime, and with it (its
    // verifier) docker-java's exception types, into a process launch and its start-up cache.
    if ("container".equals(runtime)
        && app.runtimes().get(runtime) instanceof ContainerRuntime c
        && preview.container() != null
        && preview.container().image() != null) {
      c.expectImage(preview.container().image()); // looked up while the launch is recorded
    }
    log.progress("runtime " + runtime + " (" + choice.why() + ")");
    // As plan --json prints it (Json.render: no data binding set up for a view of plain values).
    String planJson = Json.render(PlanView.of(plan, preview, choice), true);
    // The engine, name, port and GPUs are checked and held first; only then are weights pulled.
    Endpoints.Launched l =
        endpoints.launch(
            new Endpoints.LaunchRequest(
                plan, planJson, lo, o.timeout(), o.restartPolicy(), o.liveness(), runtime),
            () -> prepareWeights(app, plan, err, log),
            log::progress,
            log::phase);
    log.ready(l);
    return l;
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
   * Makes sure the checkpoint the engine loads (the plan's served model at its revision), and the
   * other Hub repos its arguments name (a tokenizer, a draft model: {@link CompanionRepos}), are
   * completely in the model cache before it starts: a cached one is used as it is (no network
   * request), a missing one is pulled, with progress. The engine then runs with HF_HUB_OFFLINE=1
   * and never reaches the Hub. Local paths, and names that are no Hub id, are left to the engine.
   */
  static void prepareWeights(App app, Plan plan, PrintWriter err, StartupLog log) {
    if (plan.modelFiles() != null) {
      prepareFiles(app, plan.modelFiles(), err, log);
    }
    for (Repo r : repos(plan)) {
      prepare(app, r, err, log);
    }
  }

  /** A repo a launch needs in the cache: which, at which revision, and why (null: the model). */
  record Repo(String id, String revision, String role) {}

  /**
   * The served model (when it is a Hub id and the plan did not choose single files of it) and the
   * repos its arguments name, each once.
   */
  static List<Repo> repos(Plan plan) {
    List<Repo> out = new java.util.ArrayList<>();
    if (plan.modelFiles() == null && isHubId(plan.servedModel())) {
      out.add(new Repo(plan.servedModel(), plan.revision(), null));
    }
    for (CompanionRepos.Companion c : CompanionRepos.of(plan)) {
      if (isHubId(c.repo())) {
        out.add(new Repo(c.repo(), c.revision(), c.role()));
      }
    }
    return out;
  }

  private static boolean isHubId(String model) {
    return !ModelFactsResolver.isLocal(model) && RepoId.parse(model).isPresent();
  }

  private static void prepare(App app, Repo repo, PrintWriter err, StartupLog log) {
    String model = repo.id();
    String revision = repo.revision();
    String what = (repo.role() == null ? "" : repo.role() + " ") + model;
    boolean offline = app.settings().hfOffline();
    boolean pulledElsewhere = false;
    if (!offline && PullProcess.wanted() && !app.modelCache().isComplete(model, revision)) {
      PullProcess.pull(app, model, revision, err);
      pulledElsewhere = true;
    }
    PullResult r =
        app.modelCache()
            .prepare(
                model,
                revision,
                offline,
                log.drawsProgress() ? app.progress(err, "pull") : PullProgress.NONE);
    if (!pulledElsewhere) {
      log.progress(
          (r.network() && r.downloadedFiles() > 0
                  ? "pulled "
                      + what
                      + ": "
                      + Bytes.human(r.fetchedBytes())
                      + " in "
                      + CacheViews.seconds(r.elapsed())
                  : (repo.role() == null ? "weights of " : "")
                      + what
                      + " are cached ("
                      + Bytes.human(r.totalBytes())
                      + ")")
              + "; "
              + r.snapshot());
    }
  }

  /**
   * The files the plan chose (one GGUF quantization) at the planned commit, and nothing else of the
   * repo: pulled when missing, as {@code cache pull REPO --revision COMMIT --include FILE} would.
   */
  private static void prepareFiles(App app, RepoFiles files, PrintWriter err, StartupLog log) {
    java.nio.file.Path dir =
        app.modelCache().layout().snapshotDir(RepoId.of(files.repo()), files.commit());
    if (files.paths().stream().allMatch(p -> java.nio.file.Files.exists(dir.resolve(p)))) {
      log.progress(String.join(", ", files.paths()) + " cached; " + dir);
      return; // a cache hit asks the network nothing
    }
    PullResult r =
        app.modelCache()
            .pull(
                new PullRequest(
                    RepoId.of(files.repo()),
                    files.commit(),
                    FilePatterns.of(files.paths(), List.of()),
                    app.settings().hfOffline()),
                log.drawsProgress() ? app.progress(err, "pull") : PullProgress.NONE);
    log.progress(
        (r.downloadedFiles() > 0
                ? "pulled "
                    + String.join(", ", files.paths())
                    + ": "
                    + Bytes.human(r.fetchedBytes())
                : String.join(", ", files.paths())
                    + " cached ("
                    + Bytes.human(r.totalBytes())
                    + ")")
            + "; "
            + r.snapshot());
  }

  private static boolean missingFromCache(App app, Plan plan) {
    if (plan.modelFiles() != null) {
      RepoFiles f = plan.modelFiles();
      java.nio.file.Path dir =
          app.modelCache().layout().snapshotDir(RepoId.of(f.repo()), f.commit());
      if (!f.paths().stream().allMatch(p -> java.nio.file.Files.exists(dir.resolve(p)))) {
        return true;
      }
    }
    return repos(plan).stream().anyMatch(r -> !app.modelCache().isComplete(r.id(), r.revision()));
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
      // A supervised container's output is streamed into the log file; without a monitor it
      // reaches the file only when the container is removed.
      out.printf(
          "  container %s (%s); %s%n",
          e.containerId().substring(0, Math.min(12, e.containerId().length())),
          l.spec().container().image(),
          e.pid() > 0 ? "log " + e.logPath() : "its output: aim-engine logs " + e.name());
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
