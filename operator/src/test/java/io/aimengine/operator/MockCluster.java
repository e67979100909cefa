package io.aimengine.operator;

import io.aimengine.core.catalog.FileCatalog;
import io.aimengine.core.hardware.GpuCatalog;
import io.aimengine.operator.endpoint.AIMEndpoint;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;

/** Test helpers over fabric8's CRUD mock: our CRDs, GPU nodes, a running operator. */
final class MockCluster {
  static final String NS = "default";

  /** The mock web server logs every request at INFO; kept here so the level sticks. */
  private static final java.util.logging.Logger MOCK_LOG = quiet();

  private static java.util.logging.Logger quiet() {
    java.util.logging.Logger l = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
    l.setLevel(java.util.logging.Level.WARNING);
    return l;
  }

  static void init() {
    MOCK_LOG.getLevel();
  }

  private MockCluster() {}

  /**
   * Creates the generated CRDs (the mock keeps status-subresource semantics only for known CRDs).
   */
  static void installCrds(KubernetesClient client) {
    init();
    for (String plural : List.of("aimendpoints", "aimrecipes", "aimcaches")) {
      String path = "/META-INF/fabric8/" + plural + ".aim.engine.amd.com-v1.yml";
      try (InputStream in = MockCluster.class.getResourceAsStream(path)) {
        client
            .resource(
                client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class))
            .create();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  static void installCrd(KubernetesClient client, String plural, String group, String kind) {
    installCrd(client, plural, group, "v1alpha1", kind);
  }

  static void installCrd(
      KubernetesClient client, String plural, String group, String version, String kind) {
    client
        .resource(
            new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName(plural + "." + group)
                .endMetadata()
                .withNewSpec()
                .withGroup(group)
                .withScope("Namespaced")
                .withNewNames()
                .withPlural(plural)
                .withKind(kind)
                .endNames()
                .addNewVersion()
                .withName(version)
                .withServed(true)
                .withStorage(true)
                .endVersion()
                .endSpec()
                .build())
        .create();
  }

  static AimOperator start(KubernetesClient client) {
    return start(client, Metrics.NOOP);
  }

  static AimOperator start(KubernetesClient client, Metrics metrics) {
    return start(client, metrics, java.util.Optional.empty());
  }

  /** With AIMCache sizes looked up on {@code hub} (empty: no Hub, "HF_HUB_OFFLINE is set"). */
  static AimOperator start(
      KubernetesClient client,
      Metrics metrics,
      java.util.Optional<io.aimengine.runtime.cache.HubClient> hub) {
    AimOperator op =
        new AimOperator(
            client,
            new FileCatalog(List.of(FileCatalog.builtInRoot()), GpuCatalog.builtIn()),
            "aim-engine:test",
            metrics,
            Clock.systemUTC(),
            hub,
            "HF_HUB_OFFLINE is set");
    op.start();
    return op;
  }

  /** An AMD node as the device plugin and node labeller publish it. */
  static Node amdNode(String name, String deviceId, int gpus) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels("amd.com/gpu.device-id", deviceId)
        .addToLabels("amd.com/gpu.vram", "192G")
        .endMetadata()
        .withNewSpec()
        .endSpec()
        .withNewStatus()
        .addToAllocatable("amd.com/gpu", new Quantity(String.valueOf(gpus)))
        .addToAllocatable("cpu", new Quantity("128"))
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .endCondition()
        .endStatus()
        .build();
  }

  static AIMEndpoint endpoint(String name, String model) {
    AIMEndpoint e = new AIMEndpoint();
    e.getMetadata().setName(name);
    e.getMetadata().setNamespace(NS);
    e.setSpec(new io.aimengine.operator.endpoint.AIMEndpointSpec());
    e.getSpec().model = model;
    return e;
  }

  /**
   * A user's edit of an endpoint, as kubectl edit does it: read, change, write with the read
   * resourceVersion, and on a 409 (the operator wrote status in between) read again and retry.
   */
  static void editEndpoint(
      KubernetesClient client, String name, java.util.function.Consumer<AIMEndpoint> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        client
            .resources(AIMEndpoint.class)
            .inNamespace(NS)
            .withName(name)
            .edit(
                x -> {
                  change.accept(x);
                  return x;
                });
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e;
        }
      }
    }
  }

  static List<Event> events(KubernetesClient client, String about) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> about.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  static GpuCatalog gpus() {
    return GpuCatalog.builtIn();
  }
}
