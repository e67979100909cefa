package io.aimengine.operator.server;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reconcile counters and time per kind, in Prometheus text format: {@code
 * aim_operator_reconciliations_total}, {@code aim_operator_reconcile_failures_total}, {@code
 * aim_operator_reconcile_seconds_total}. Thread-safe.
 */
public final class ReconcileMetrics implements Metrics {
  private final Map<String, LongAdder> started = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> failed = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> finished = new ConcurrentHashMap<>();

  @Override
  public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
    long t0 = System.nanoTime();
    try {
      return execution.execute();
    } finally {
      nanos
          .computeIfAbsent(execution.controllerName(), k -> new LongAdder())
          .add(System.nanoTime() - t0);
    }
  }

  @Override
  public void reconcileCustomResource(
      HasMetadata resource,
      io.javaoperatorsdk.operator.api.reconciler.RetryInfo retry,
      Map<String, Object> metadata) {
    started.computeIfAbsent(resource.getKind(), k -> new LongAdder()).increment();
  }

  @Override
  public void failedReconciliation(
      HasMetadata resource, Exception e, Map<String, Object> metadata) {
    failed.computeIfAbsent(resource.getKind(), k -> new LongAdder()).increment();
  }

  /** Reconciliations started for a kind ("AIMEndpoint"). */
  public long reconciliations(String kind) {
    LongAdder a = started.get(kind);
    return a == null ? 0 : a.sum();
  }

  /** Reconciliations a controller finished ("aimendpoint"). */
  public long finished(String controller) {
    LongAdder a = finished.get(controller);
    return a == null ? 0 : a.sum();
  }

  /** Nanoseconds spent in a controller's reconcile ("aimendpoint"). */
  public long nanos(String controller) {
    LongAdder a = nanos.get(controller);
    return a == null ? 0 : a.sum();
  }

  /** The exposition text. */
  public String scrape() {
    StringBuilder b = new StringBuilder();
    family(
        b,
        "aim_operator_reconciliations_total",
        "Reconciliations started, by kind.",
        "kind",
        started,
        1);
    family(
        b,
        "aim_operator_reconcile_failures_total",
        "Reconciliations that threw, by kind.",
        "kind",
        failed,
        1);
    family(
        b,
        "aim_operator_reconcile_seconds_total",
        "Time spent reconciling, by controller.",
        "controller",
        nanos,
        1e9);
    return b.toString();
  }

  private static void family(
      StringBuilder b,
      String name,
      String help,
      String label,
      Map<String, LongAdder> m,
      double div) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(" counter\n");
    new TreeMap<>(m)
        .forEach(
            (k, v) ->
                b.append(name)
                    .append('{')
                    .append(label)
                    .append("=\"")
                    .append(k)
                    .append("\"} ")
                    .append(div == 1 ? String.valueOf(v.sum()) : String.valueOf(v.sum() / div))
                    .append('\n'));
  }
}
