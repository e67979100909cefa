package io.aimengine.operator;

import static io.aimengine.operator.MockCluster.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aimengine.core.config.Settings;
import io.aimengine.operator.cache.AIMCache;
import io.aimengine.operator.cache.AIMCacheSpec;
import io.aimengine.runtime.cache.HubClient;
import io.aimengine.testsupport.HubServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An AIMCache without a size is sized from the Hub's listing, once, and says so. */
@EnableKubernetesMockClient(crud = true)
class CacheSizeTest {
  KubernetesClient client;
  AimOperator operator;
  HubServer hub;
  @TempDir Path home;

  @BeforeEach
  void startHub() throws Exception {
    MockCluster.installCrds(client);
    hub = HubServer.start();
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
    hub.close();
  }

  private void startOperator(String hubEndpoint) {
    operator =
        MockCluster.start(
            client,
            Metrics.NOOP,
            Optional.of(
                HubClient.createForMetadata(
                    new Settings(Map.of("HF_ENDPOINT", hubEndpoint), home))));
  }

  private void createCache(String name, String source) {
    AIMCache c = new AIMCache();
    c.getMetadata().setName(name);
    c.getMetadata().setNamespace(NS);
    c.setSpec(new AIMCacheSpec());
    c.getSpec().source = source;
    client.resource(c).create();
  }

  private AIMCache cache(String name) {
    return client.resources(AIMCache.class).inNamespace(NS).withName(name).get();
  }

  private Condition condition(String name, String type) {
    AIMCache c = cache(name);
    return c == null || c.getStatus() == null
        ? null
        : c.getStatus().conditions.stream()
            .filter(x -> x.getType().equals(type))
            .findFirst()
            .orElse(null);
  }

  /** Condition SizeKnown of cache {@code name}, asserted present with this status and reason. */
  private Condition sizeKnown(String name, String status, String reason) {
    Condition c = condition(name, "SizeKnown");
    assertThat(c).isNotNull();
    assertThat(c.getStatus()).isEqualTo(status);
    assertThat(c.getReason()).isEqualTo(reason);
    return c;
  }

  private PersistentVolumeClaim pvc(String name) {
    return client.persistentVolumeClaims().inNamespace(NS).withName(name).get();
  }

  @Test
  void thePvcIsSizedFromTheHubListingOnceAndTheConditionSaysSo() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("model.safetensors", HubServer.bytes(200_000, 7));
    files.put("config.json", "{}".getBytes());
    String commit = hub.addRepo("acme/tiny-chat", files);
    startOperator(hub.endpoint());

    createCache("tiny", "hf://acme/tiny-chat");
    await().atMost(Duration.ofSeconds(20)).until(() -> pvc("tiny-cache") != null);

    // A model the catalog does not know: without the Hub this would be the 100Gi default.
    assertThat(pvc("tiny-cache").getSpec().getResources().getRequests().get("storage"))
        .isEqualTo(new Quantity("1Gi"));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              Condition c = sizeKnown("tiny", "True", "FromHub");
              assertThat(c.getMessage())
                  .contains(hub.endpoint(), "acme/tiny-chat@main", commit.substring(0, 12));
              assertThat(cache("tiny").getStatus().allocatedSize).isEqualTo("1Gi");
            });

    // Later reconciles (the Job finishing) keep the size and its provenance without asking again.
    int asked = hub.requestCount();
    Job j = client.batch().v1().jobs().inNamespace(NS).withName("tiny-download").get();
    j.setStatus(new JobStatusBuilder().withSucceeded(1).build());
    client.resource(j).updateStatus();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(cache("tiny").getStatus().phase).isEqualTo("Ready"));
    assertThat(condition("tiny", "SizeKnown").getReason()).isEqualTo("FromHub");
    assertThat(hub.requestCount()).isEqualTo(asked);
  }

  @Test
  void aPvcFromAnEarlierReconcileKeepsItsProvenanceWhenTheCacheStatusIsStale() {
    // The operator restarted (or its informer lagged) after creating the PVC but before the
    // status write landed: the AIMCache has no SizeKnown condition, the PVC exists.
    createCache("tiny", "hf://acme/tiny-chat");
    PersistentVolumeClaim earlier =
        new io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder()
            .withNewMetadata()
            .withName("tiny-cache")
            .withNamespace(NS)
            .addToLabels(
                io.aimengine.operator.manifest.EndpointManifests.LABEL_MANAGED_BY,
                io.aimengine.operator.manifest.EndpointManifests.MANAGED_BY)
            .addToAnnotations("aim.engine.amd.com/size-known", "True")
            .addToAnnotations("aim.engine.amd.com/size-reason", "FromHub")
            .addToAnnotations(
                "aim.engine.amd.com/size-message", "listed by the Hub: 195 KiB + 10% headroom")
            .endMetadata()
            .withNewSpec()
            .withAccessModes("ReadWriteOnce")
            .withNewResources()
            .addToRequests("storage", new Quantity("1Gi"))
            .endResources()
            .endSpec()
            .build();
    client.resource(earlier).create();
    startOperator(hub.endpoint());

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              Condition c = sizeKnown("tiny", "True", "FromHub");
              assertThat(c.getMessage()).isEqualTo("listed by the Hub: 195 KiB + 10% headroom");
              assertThat(cache("tiny").getStatus().allocatedSize).isEqualTo("1Gi");
            });
    // The size is the PVC's: the Hub is not asked again.
    assertThat(hub.requestCount()).isZero();
  }

  @Test
  void anUnreachableHubFallsBackToTheCatalogWithAWarningThatSaysWhereTheSizeCameFrom() {
    String dead = hub.endpoint();
    hub.close();
    startOperator(dead);

    createCache("qwen", "hf://Qwen/Qwen3-32B@main");
    await().atMost(Duration.ofSeconds(20)).until(() -> pvc("qwen-cache") != null);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              Condition c = sizeKnown("qwen", "False", "CatalogEstimate");
              assertThat(c.getMessage())
                  .startsWith(dead + " could not list Qwen/Qwen3-32B@main")
                  .contains("catalog's weights", "set spec.size");
            });
    assertThat(pvc("qwen-cache").getSpec().getResources().getRequests().get("storage"))
        .isEqualTo(new Quantity(cache("qwen").getStatus().allocatedSize));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                MockCluster.events(client, "qwen").stream()
                    .anyMatch(
                        ev ->
                            ev.getType().equals("Warning")
                                && ev.getReason().equals("CatalogEstimate")));
  }
}
