package io.aimengine.operator;

import static io.aimengine.operator.MockCluster.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aimengine.operator.endpoint.AIMEndpoint;
import io.aimengine.operator.endpoint.AIMEndpointSpec;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class AutoscalingTest {
  static final ResourceDefinitionContext SCALED_OBJECT =
      new ResourceDefinitionContext.Builder()
          .withGroup("keda.sh")
          .withVersion("v1alpha1")
          .withKind("ScaledObject")
          .withPlural("scaledobjects")
          .withNamespaced(true)
          .build();

  KubernetesClient client;
  AimOperator operator;

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
  }

  private void start(boolean keda) {
    MockCluster.installCrds(client);
    if (keda) {
      MockCluster.installCrd(client, "scaledobjects", "keda.sh", "ScaledObject");
    }
    client.resource(MockCluster.amdNode("gpu-1", "74a1", 8)).create();
    operator = MockCluster.start(client);
  }

  private static AIMEndpoint autoscaled(String name) {
    AIMEndpoint e = MockCluster.endpoint(name, "Qwen/Qwen3-32B");
    e.getSpec().autoScaling = new AIMEndpointSpec.AutoScaling();
    e.getSpec().autoScaling.enabled = true;
    e.getSpec().autoScaling.minReplicas = 1;
    e.getSpec().autoScaling.maxReplicas = 4;
    return e;
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

  private Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(NS).withName(name).get();
  }

  @Test
  @SuppressWarnings("unchecked")
  void withKedaAScaledObjectOnTheQueueMetricOwnsReplicasAcrossSpecEdits() {
    start(true);
    client.resource(autoscaled("auto")).create();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                client
                        .genericKubernetesResources(SCALED_OBJECT)
                        .inNamespace(NS)
                        .withName("auto-vllm")
                        .get()
                    != null);
    GenericKubernetesResource so =
        client
            .genericKubernetesResources(SCALED_OBJECT)
            .inNamespace(NS)
            .withName("auto-vllm")
            .get();
    Map<String, Object> spec = (Map<String, Object>) so.getAdditionalProperties().get("spec");
    assertThat(spec.get("minReplicaCount")).isEqualTo(1);
    assertThat(spec.get("maxReplicaCount")).isEqualTo(4);
    assertThat((Map<String, Object>) spec.get("scaleTargetRef")).containsEntry("name", "auto-vllm");
    Map<String, Object> trigger =
        ((java.util.List<Map<String, Object>>) spec.get("triggers")).get(0);
    assertThat(trigger).containsEntry("type", "prometheus");
    assertThat(((Map<String, Object>) trigger.get("metadata")).get("query"))
        .isEqualTo("sum(vllm:num_requests_waiting{namespace=\"default\",pod=~\"auto-vllm-.*\"})");
    assertThat(so.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getName()).isEqualTo("auto"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                condition("auto", "AutoscalerReady") != null
                    && condition("auto", "AutoscalerReady").getStatus().equals("True"));

    // KEDA's HPA scales the Deployment to 3; then the user edits the spec.
    client.apps().deployments().inNamespace(NS).withName("auto-vllm").scale(3);
    MockCluster.editEndpoint(
        client, "auto", x -> x.getSpec().customArgs.put("max-model-len", "4096"));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        deployment("auto-vllm")
                            .getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .get(0)
                            .getArgs())
                    .contains("max-model-len=4096"));
    assertThat(deployment("auto-vllm").getSpec().getReplicas()).isEqualTo(3);
  }

  @Test
  void turningAutoscalingOffRemovesTheScaledObject() {
    start(true);
    client.resource(autoscaled("off")).create();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                client
                        .genericKubernetesResources(SCALED_OBJECT)
                        .inNamespace(NS)
                        .withName("off-vllm")
                        .get()
                    != null);

    MockCluster.editEndpoint(client, "off", x -> x.getSpec().autoScaling.enabled = false);

    // Left behind, KEDA would keep scaling the Deployment the spec now fixes at one replica.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                client
                        .genericKubernetesResources(SCALED_OBJECT)
                        .inNamespace(NS)
                        .withName("off-vllm")
                        .get()
                    == null);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(condition("off", "AutoscalerReady").getReason()).isEqualTo("Disabled"));
  }

  @Test
  void withoutKedaTheEndpointServesAtMinReplicasAndSaysWhy() {
    start(false);
    client.resource(autoscaled("nokeda")).create();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              Condition c = condition("nokeda", "AutoscalerReady");
              assertThat(c).isNotNull();
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getReason()).isEqualTo("KedaNotInstalled");
            });
    assertThat(deployment("nokeda-vllm").getSpec().getReplicas()).isEqualTo(1);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                MockCluster.events(client, "nokeda").stream()
                    .anyMatch(
                        ev ->
                            ev.getType().equals("Warning")
                                && ev.getReason().equals("KedaNotInstalled")));
  }
}
