import io.aimengine.core.catalog.FileCatalog;
import io.aimengine.core.hardware.GpuCatalog;
import io.aimengine.operator.AimOperator;
import io.aimengine.operator.endpoint.AIMEndpoint;
import io.aimengine.operator.endpoint.AIMEndpointSpec;
import io.aimengine.operator.server.ReconcileMetrics;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.InputStream;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * N AIMEndpoints reconciled to Deployment + Service on fabric8's CRUD mock API server, then the
 * cost of a reconcile that has nothing to do. Run by bench/operator.sh.
 */
public class OperatorBench {
  static final Logger QUIET = Logger.getLogger("io.fabric8.mockwebserver");

  /** Counts ADDED events. */
  record Counter<T>(java.util.concurrent.atomic.AtomicInteger n) implements io.fabric8.kubernetes.client.Watcher<T> {
    public void eventReceived(Action a, T t) {
      if (a == Action.ADDED) {
        n.incrementAndGet();
      }
    }

    public void onClose(io.fabric8.kubernetes.client.WatcherException e) {}
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    QUIET.setLevel(Level.WARNING);
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(List.of()), false);
    server.init();
    KubernetesClient client = server.createClient();
    for (String plural : List.of("aimendpoints", "aimrecipes", "aimcaches")) {
      try (InputStream in =
          OperatorBench.class.getResourceAsStream("/META-INF/fabric8/" + plural + ".aim.engine.amd.com-v1.yml")) {
        client.resource(client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class)).create();
      }
    }
    for (int i = 0; i < 4; i++) {
      client.resource(
              new NodeBuilder()
                  .withNewMetadata().withName("gpu-" + i).addToLabels("amd.com/gpu.device-id", "74a1").endMetadata()
                  .withNewStatus().addToAllocatable("amd.com/gpu", new Quantity("8"))
                  .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                  .build())
          .create();
    }
    ReconcileMetrics metrics = new ReconcileMetrics();
    long s0 = System.nanoTime();
    AimOperator op =
        new AimOperator(
            client,
            new FileCatalog(List.of(FileCatalog.builtInRoot()), GpuCatalog.builtIn()),
            "aim-engine:bench",
            metrics,
            Clock.systemUTC());
    op.start();
    System.out.printf("operator start (informers synced): %d ms%n", (System.nanoTime() - s0) / 1_000_000);

    java.util.concurrent.atomic.AtomicInteger deployments = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger services = new java.util.concurrent.atomic.AtomicInteger();
    java.util.Set<String> planned = java.util.concurrent.ConcurrentHashMap.newKeySet();
    client.apps().deployments().inNamespace("default").watch(new Counter<>(deployments));
    client.services().inNamespace("default").watch(new Counter<>(services));
    client.resources(AIMEndpoint.class).inNamespace("default").watch(new io.fabric8.kubernetes.client.Watcher<AIMEndpoint>() {
      public void eventReceived(Action a, AIMEndpoint e) {
        if (e.getStatus() != null && e.getStatus().plan != null) {
          planned.add(e.getMetadata().getName());
        }
      }
      public void onClose(io.fabric8.kubernetes.client.WatcherException e) {}
    });
    String[] models = {"Qwen/Qwen3-32B", "Qwen/Qwen3-8B", "meta-llama/Llama-3.1-8B-Instruct"};
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      AIMEndpoint e = new AIMEndpoint();
      e.getMetadata().setName("ep-" + i);
      e.getMetadata().setNamespace("default");
      e.setSpec(new AIMEndpointSpec());
      e.getSpec().model = models[i % models.length];
      client.resource(e).create();
    }
    long created = System.nanoTime();
    // Count through watches: polling lists would load the single-threaded mock server itself.
    while (deployments.get() < n || services.get() < n || planned.size() < n) {
      if ((System.nanoTime() - t0) / 1e9 > 300) {
        throw new IllegalStateException("timed out: " + deployments + " deployments, " + services + " services, " + planned.size() + " planned");
      }
      Thread.sleep(10);
    }
    long done = System.nanoTime();
    long reconciles = metrics.reconciliations("AIMEndpoint");
    System.out.printf(
        "%d AIMEndpoints -> Deployment + Service + status.plan: %.2f s (creating the CRs took %.2f s; %d reconciles, %.1f ms each on average)%n",
        n, (done - t0) / 1e9, (created - t0) / 1e9, reconciles, metrics.nanos("aimendpoint") / 1e6 / reconciles);

    // Let the echo events of our own writes drain, then make every endpoint reconcile once with
    // nothing to do (a GPU-relevant Node change maps to all endpoints).
    Thread.sleep(3000);
    long c0 = metrics.reconciliations("AIMEndpoint");
    long ns0 = metrics.nanos("aimendpoint");
    String rv0 = client.apps().deployments().inNamespace("default").list().getMetadata().getResourceVersion();
    java.util.Map<String, String> epVersions = new java.util.HashMap<>();
    client.resources(AIMEndpoint.class).inNamespace("default").list().getItems()
        .forEach(e -> epVersions.put(e.getMetadata().getName(), e.getMetadata().getResourceVersion()));
    long u0 = System.nanoTime();
    client.nodes().withName("gpu-0").edit(x -> { x.getMetadata().getLabels().put("amd.com/gpu.vram", "192G"); return x; });
    while (metrics.reconciliations("AIMEndpoint") < c0 + n && System.nanoTime() - u0 < 60_000_000_000L) {
      Thread.sleep(5);
    }
    long u1 = System.nanoTime();
    Thread.sleep(2000); // let the last ones finish before reading the time spent
    long noops = metrics.reconciliations("AIMEndpoint") - c0;
    int changed =
        (int) client.apps().deployments().inNamespace("default").list().getItems().stream()
            .filter(d -> Long.parseLong(d.getMetadata().getResourceVersion()) > Long.parseLong(rv0))
            .count();
    long statusWrites =
        client.resources(AIMEndpoint.class).inNamespace("default").list().getItems().stream()
            .filter(e -> !e.getMetadata().getResourceVersion().equals(epVersions.get(e.getMetadata().getName())))
            .count();
    System.out.printf(
        "no-op reconcile: %.2f ms each (%d reconciles in %.2f s wall); Deployments written: %d; AIMEndpoints written: %d%n",
        (metrics.nanos("aimendpoint") - ns0) / 1e6 / noops, noops, (u1 - u0) / 1e9, changed, statusWrites);
    op.close();
    client.close();
    server.destroy();
    System.exit(0);
  }
}
