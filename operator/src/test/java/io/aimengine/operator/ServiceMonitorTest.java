package io.aimengine.operator;

import static io.aimengine.operator.MockCluster.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aimengine.operator.endpoint.AIMEndpoint;
import io.aimengine.operator.endpoint.AIMEndpointSpec;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A ServiceMonitor when the Prometheus operator's CRD exists, and a clear condition when not. */
@EnableKubernetesMockClient(crud = true)
class ServiceMonitorTest {
  static final ResourceDefinitionContext SERVICE_MONITOR =
      new ResourceDefinitionContext.Builder()
          .withGroup("monitoring.coreos.com")
          .withVersion("v1")
          .withKind("ServiceMonitor")
          .withPlural("servicemonitors")
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

  private void start(boolean prometheusOperator) {
    MockCluster.installCrds(client);
    if (prometheusOperator) {
      MockCluster.installCrd(
          client, "servicemonitors", "monitoring.coreos.com", "v1", "ServiceMonitor");
    }
    client.resource(MockCluster.amdNode("gpu-1", "74a1", 8)).create();
    operator = MockCluster.start(client);
  }

  private static AIMEndpoint monitored(String name) {
    AIMEndpoint e = MockCluster.endpoint(name, "Qwen/Qwen3-32B");
    e.getSpec().monitoring = new AIMEndpointSpec.Monitoring();
    e.getSpec().monitoring.serviceMonitor = true;
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

  private GenericKubernetesResource serviceMonitor(String name) {
    return client.genericKubernetesResources(SERVICE_MONITOR).inNamespace(NS).withName(name).get();
  }

  @Test
  @SuppressWarnings("unchecked")
  void withThePrometheusOperatorAServiceMonitorScrapesTheEndpointsService() {
    start(true);
    client.resource(monitored("mon")).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> serviceMonitor("mon") != null);
    GenericKubernetesResource sm = serviceMonitor("mon");
    assertThat(sm.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getName()).isEqualTo("mon"));
    Map<String, Object> spec = (Map<String, Object>) sm.getAdditionalProperties().get("spec");
    Map<String, String> match =
        (Map<String, String>) ((Map<String, Object>) spec.get("selector")).get("matchLabels");
    Map<String, Object> endpoint = ((List<Map<String, Object>>) spec.get("endpoints")).get(0);
    assertThat(endpoint).containsEntry("path", "/metrics");

    // The Prometheus operator finds Services by label and scrapes a named port: both must match.
    Service svc = client.services().inNamespace(NS).withName("mon").get();
    assertThat(svc.getMetadata().getLabels()).containsAllEntriesOf(match);
    assertThat(svc.getSpec().getPorts())
        .extracting(ServicePort::getName)
        .contains((String) endpoint.get("port"));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              Condition c = condition("mon", "MonitoringReady");
              assertThat(c).isNotNull();
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo("Configured");
            });
    MockCluster.editEndpoint(client, "mon", x -> x.getSpec().monitoring.serviceMonitor = false);
    await().atMost(Duration.ofSeconds(20)).until(() -> serviceMonitor("mon") == null);
  }

  @Test
  void withoutThePrometheusOperatorTheEndpointServesAndSaysWhyThereIsNoServiceMonitor() {
    start(false);
    client.resource(monitored("nomon")).create();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              Condition c = condition("nomon", "MonitoringReady");
              assertThat(c).isNotNull();
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getReason()).isEqualTo("PrometheusOperatorNotInstalled");
              assertThat(c.getMessage()).contains("servicemonitors.monitoring.coreos.com");
            });
    assertThat(client.apps().deployments().inNamespace(NS).withName("nomon-vllm").get())
        .isNotNull();
    assertThat(client.services().inNamespace(NS).withName("nomon").get()).isNotNull();
    assertThat(
            client
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("servicemonitors.monitoring.coreos.com")
                .get())
        .isNull();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                MockCluster.events(client, "nomon").stream()
                    .anyMatch(
                        ev ->
                            ev.getType().equals("Warning")
                                && ev.getReason().equals("PrometheusOperatorNotInstalled")));
  }

  @Test
  void withoutTheFlagThereIsNoServiceMonitorEvenWhenTheCrdExists() {
    start(true);
    client.resource(MockCluster.endpoint("plain", "Qwen/Qwen3-32B")).create();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              Condition c = condition("plain", "MonitoringReady");
              assertThat(c).isNotNull();
              assertThat(c.getReason()).isEqualTo("Disabled");
            });
    assertThat(client.apps().deployments().inNamespace(NS).withName("plain-vllm").get())
        .isNotNull();
    assertThat(serviceMonitor("plain")).isNull();
  }
}
