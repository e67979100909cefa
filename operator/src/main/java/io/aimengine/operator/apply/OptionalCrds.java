package io.aimengine.operator.apply;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether optional CRDs (KEDA's ScaledObject, the Prometheus operator's ServiceMonitor) exist,
 * asked of the API server at most once per {@link #TTL_MILLIS} per CRD. Per client, unlike JOSDK's
 * static CRD-presence cache, so tests with and without KEDA do not see each other. Thread-safe.
 */
public final class OptionalCrds {
  public static final String KEDA_SCALED_OBJECTS = "scaledobjects.keda.sh";
  public static final String SERVICE_MONITORS = "servicemonitors.monitoring.coreos.com";
  static final long TTL_MILLIS = 30_000;

  private record Seen(boolean present, long at) {}

  private final KubernetesClient client;
  private final Clock clock;
  private final Map<String, Seen> seen = new ConcurrentHashMap<>();

  public OptionalCrds(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public boolean present(String crd) {
    long now = clock.millis();
    Seen s = seen.get(crd);
    if (s == null || now - s.at() > TTL_MILLIS) {
      boolean p =
          client.apiextensions().v1().customResourceDefinitions().withName(crd).get() != null;
      s = new Seen(p, now);
      seen.put(crd, s);
    }
    return s.present();
  }
}
