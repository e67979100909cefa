package io.aimengine.operator;

import static io.aimengine.operator.MockCluster.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aimengine.operator.cache.AIMCache;
import io.aimengine.operator.cache.AIMCacheSpec;
import io.aimengine.operator.endpoint.AIMEndpoint;
import io.aimengine.operator.endpoint.AIMEndpointSpec;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class CacheTest {
  KubernetesClient client;
  AimOperator operator;

  @BeforeEach
  void start() {
    MockCluster.installCrds(client);
    client.resource(MockCluster.amdNode("gpu-1", "74a1", 8)).create();
    operator = MockCluster.start(client);
  }

  @AfterEach
  void stop() {
    operator.close();
  }

  private Condition condition(String name, String type) {
    AIMEndpoint e = client.resources(AIMEndpoint.class).inNamespace(NS).withName(name).get();
    return e == null || e.getStatus() == null
        ? null
        : e.getStatus().conditions.stream()
            .filter(c -> c.getType().equals(type))
            .findFirst()
            .orElse(null);
  }

  private String reason(String name, String type) {
    Condition c = condition(name, type);
    return c == null ? null : c.getReason();
  }

  private void finish(String job, boolean ok) {
    Job j = client.batch().v1().jobs().inNamespace(NS).withName(job).get();
    j.setStatus(
        ok
            ? new JobStatusBuilder().withSucceeded(1).build()
            : new JobStatusBuilder()
                .withFailed(3)
                .addNewCondition()
                .withType("Failed")
                .withStatus("True")
                .withReason("BackoffLimitExceeded")
                .endCondition()
                .build());
    client.resource(j).updateStatus();
  }

  @Test
  void theEnginesWaitForTheDownloadJobAndStartWhenItSucceeds() {
    AIMEndpoint e = MockCluster.endpoint("cached", "Qwen/Qwen3-32B");
    e.getSpec().cache = new AIMEndpointSpec.Cache();
    e.getSpec().cache.enabled = true;
    e.getSpec().cache.storageClassName = "fast";
    client.resource(e).create();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                client.batch().v1().jobs().inNamespace(NS).withName("cached-cache-download").get()
                    != null);
    Job job = client.batch().v1().jobs().inNamespace(NS).withName("cached-cache-download").get();
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .containsExactly("cache", "pull", "Qwen/Qwen3-32B");
    PersistentVolumeClaim pvc =
        client.persistentVolumeClaims().inNamespace(NS).withName("cached-cache").get();
    assertThat(pvc.getSpec().getStorageClassName()).isEqualTo("fast");
    assertThat(pvc.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(
            pvc.getSpec()
                .getResources()
                .getRequests()
                .get("storage")
                .getNumericalAmount()
                .longValue())
        .as("weights + 10%%")
        .isGreaterThan(60L << 30);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(reason("cached", "CacheReady")).isEqualTo("Downloading"));
    assertThat(client.apps().deployments().inNamespace(NS).list().getItems()).isEmpty();

    finish("cached-cache-download", true);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                client.apps().deployments().inNamespace(NS).withName("cached-vllm").get() != null);
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(NS)
                .withName("cached-vllm")
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getVolumes())
        .anyMatch(
            v ->
                v.getPersistentVolumeClaim() != null
                    && v.getPersistentVolumeClaim().getClaimName().equals("cached-cache"));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(condition("cached", "CacheReady"))
                    .extracting(Condition::getStatus)
                    .isEqualTo("True"));
  }

  @Test
  void aFailedDownloadIsCacheReadyFalseWithAWarningAndNoEngines() {
    AIMEndpoint e = MockCluster.endpoint("broken", "Qwen/Qwen3-32B");
    e.getSpec().cache = new AIMEndpointSpec.Cache();
    e.getSpec().cache.enabled = true;
    client.resource(e).create();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                client.batch().v1().jobs().inNamespace(NS).withName("broken-cache-download").get()
                    != null);
    finish("broken-cache-download", false);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> assertThat(reason("broken", "CacheReady")).isEqualTo("DownloadFailed"));
    assertThat(
            client
                .resources(AIMEndpoint.class)
                .inNamespace(NS)
                .withName("broken")
                .get()
                .getStatus()
                .phase)
        .isEqualTo("Failed");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                MockCluster.events(client, "broken").stream()
                    .anyMatch(
                        ev ->
                            ev.getType().equals("Warning")
                                && ev.getReason().equals("DownloadFailed")));
    assertThat(client.apps().deployments().inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  void anAimCacheDownloadsIntoItsPvcAndGatesTheEndpointsThatReferToIt() {
    AIMCache c = new AIMCache();
    c.getMetadata().setName("qwen32");
    c.getMetadata().setNamespace(NS);
    c.setSpec(new AIMCacheSpec());
    c.getSpec().source = "hf://Qwen/Qwen3-32B@main";
    client.resource(c).create();
    AIMEndpoint e = MockCluster.endpoint("shared", "Qwen/Qwen3-32B");
    e.getSpec().cache = new AIMEndpointSpec.Cache();
    e.getSpec().cache.enabled = true;
    e.getSpec().cache.cacheRef = "qwen32";
    client.resource(e).create();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                client.batch().v1().jobs().inNamespace(NS).withName("qwen32-download").get()
                    != null);
    assertThat(
            client
                .batch()
                .v1()
                .jobs()
                .inNamespace(NS)
                .withName("qwen32-download")
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getArgs())
        .containsExactly("cache", "pull", "Qwen/Qwen3-32B", "--revision", "main");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                client
                        .resources(AIMCache.class)
                        .inNamespace(NS)
                        .withName("qwen32")
                        .get()
                        .getStatus()
                    != null);
    assertThat(
            client
                .resources(AIMCache.class)
                .inNamespace(NS)
                .withName("qwen32")
                .get()
                .getStatus()
                .phase)
        .isEqualTo("Downloading");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(reason("shared", "CacheReady")).isEqualTo("Downloading"));
    assertThat(client.apps().deployments().inNamespace(NS).list().getItems()).isEmpty();

    finish("qwen32-download", true);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                client.apps().deployments().inNamespace(NS).withName("shared-vllm").get() != null);
    assertThat(
            client
                .resources(AIMCache.class)
                .inNamespace(NS)
                .withName("qwen32")
                .get()
                .getStatus()
                .phase)
        .isEqualTo("Ready");
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(NS)
                .withName("shared-vllm")
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getVolumes())
        .anyMatch(
            v ->
                v.getPersistentVolumeClaim() != null
                    && v.getPersistentVolumeClaim().getClaimName().equals("qwen32-cache"));
  }
}
