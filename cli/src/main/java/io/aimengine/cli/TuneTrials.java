package io.aimengine.cli;

import io.aimengine.core.AimException;
import io.aimengine.core.plan.Plan;
import io.aimengine.core.plan.PlanRequest;
import io.aimengine.core.tune.TuneConfig;
import io.aimengine.runtime.bench.Target;
import io.aimengine.runtime.endpoint.Endpoints;
import io.aimengine.runtime.store.Endpoint;
import io.aimengine.runtime.tune.Trial;
import io.aimengine.runtime.tune.Trials;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code tune}'s configurations as endpoints: each is planned as {@code plan MODEL --arg K=V ...}
 * would plan it and started by {@link Launching#launch}, the code {@code launch} runs (same
 * reservation, start, readiness and store row); stopping removes the endpoint (row and logs), so
 * nothing of a trial outlives it.
 */
final class TuneTrials implements Trials {
  /** How long a trial's engine gets after SIGTERM before SIGKILL. */
  static final Duration GRACE = Duration.ofSeconds(10);

  private final App app;
  private final PlanRequest base;
  private final String runtime;
  private final int port;
  private final String timeout;
  private final PrintWriter err;

  TuneTrials(
      App app, PlanRequest base, String runtime, int port, Duration timeout, PrintWriter err) {
    this.app = app;
    this.base = base;
    this.runtime = runtime;
    this.port = port;
    this.timeout = timeout == null ? null : timeout.toSeconds() + "s";
    this.err = err;
  }

  /** The request a configuration is planned from: the base request with its arguments laid over. */
  static PlanRequest request(PlanRequest base, TuneConfig c) {
    Map<String, Object> args = new LinkedHashMap<>(base.argOverrides());
    args.putAll(c.args());
    return new PlanRequest(
        base.model(),
        c.gpuCount() != null ? c.gpuCount() : base.gpuCount(),
        base.precision(),
        base.engine(),
        base.metric(),
        base.recipeId(),
        args,
        base.engineVersion(),
        base.revision());
  }

  @Override
  public Trial start(TuneConfig c) {
    Plan p = app.plan(request(base, c), null, runtime);
    EndpointOptions o = new EndpointOptions();
    o.name = "tune-" + ProcessHandle.current().pid() + "-" + c.index();
    o.port = port;
    o.runtime = runtime;
    o.timeout = timeout;
    o.livenessPeriod = "0";
    Endpoints.Launched l;
    try {
      l = Launching.launch(app, p, o, err, StartupLog.text(err, true));
    } catch (AimException e) {
      forget(o.name);
      throw e;
    }
    Endpoint e = l.endpoint();
    return new Trial(e.name(), Target.of(e), p);
  }

  @Override
  public void stop(Trial trial) {
    forget(trial.name());
  }

  /** Stops (grace, then kill) and removes the endpoint, if there is one; never throws. */
  private void forget(String name) {
    try {
      if (app.endpoints().store().get(name).isPresent()) {
        app.endpoints().remove(name, true, GRACE);
      }
    } catch (RuntimeException e) {
      err.println("aim-engine: tune could not clean up " + name + ": " + e.getMessage());
      err.flush();
    }
  }
}
