package io.aimengine.operator;

import static io.aimengine.operator.MockCluster.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aimengine.operator.endpoint.AIMEndpoint;
import io.aimengine.operator.endpoint.AIMEndpointStatus;
import io.aimengine.operator.server.ReconcileMetrics;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class EndpointReconcilerTest {
  KubernetesClient client;
  AimOperator operator;
  final ReconcileMetrics metrics = new ReconcileMetrics();

  @BeforeEach
  void start() {
    MockCluster.installCrds(client);
    client.resource(MockCluster.amdNode("gpu-1", "74a1", 8)).create();
    operator = MockCluster.start(client, metrics);
  }

  @AfterEach
  void stop() {
    operator.close();
  }

  private AIMEndpoint get(String name) {
    return client.resources(AIMEndpoint.class).inNamespace(NS).withName(name).get();
  }

  private Condition condition(String name, String type) {
    AIMEndpoint e = get(name);
    if (e == null || e.getStatus() == null) {
      return null;
    }
    return e.getStatus().conditions.stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElse(null);
  }

  private Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(NS).withName(name).get();
  }

  private void awaitCondition(String name, String type, String status, String reason) {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              Condition c = condition(name, type);
              assertThat(c).as(type).isNotNull();
              assertThat(c.getStatus()).as(type + " " + c.getMessage()).isEqualTo(status);
              assertThat(c.getReason()).isEqualTo(reason);
            });
  }

  @Test
  void plansDeploysAndReportsAnEndpointOnTheClustersGpus() {
    AIMEndpoint e = MockCluster.endpoint("qwen", "Qwen/Qwen3-32B");
    e.getSpec().gpuCount = 2;
    e.getSpec().precision = "fp16";
    client.resource(e).create();

    await().atMost(Duration.ofSeconds(20)).until(() -> deployment("qwen-vllm") != null);
    Deployment d = deployment("qwen-vllm");
    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("aim-engine:test");
    assertThat(c.getArgs()).containsSequence("--gpu", "MI300X", "--gpu-count", "2");
    assertThat(c.getResources().getLimits().get("amd.com/gpu").getAmount()).isEqualTo("2");
    assertThat(c.getResources().getRequests().get("amd.com/gpu").getAmount()).isEqualTo("2");
    assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/health");
    assertThat(c.getStartupProbe().getFailureThreshold()).isEqualTo(180);
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/v1/models");
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
    assertThat(c.getSecurityContext().getPrivileged()).isFalse();
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getEnv())
        .anyMatch(v -> v.getName().equals("AIM_GPU_COUNT") && v.getValue().equals("2"));
    assertThat(c.getEnv())
        .anyMatch(
            v ->
                v.getName().equals("HF_TOKEN")
                    && v.getValueFrom().getSecretKeyRef().getName().equals("hf-token"));
    assertThat(c.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/dev/shm"));
    assertThat(d.getSpec().getTemplate().getSpec().getVolumes())
        .anyMatch(
            v ->
                v.getEmptyDir() != null
                    && "Memory".equals(v.getEmptyDir().getMedium())
                    && v.getEmptyDir().getSizeLimit().toString().equals("16Gi"));
    assertThat(d.getSpec().getProgressDeadlineSeconds()).isGreaterThanOrEqualTo(1800);
    assertThat(d.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    assertThat(
            d.getSpec()
                .getTemplate()
                .getSpec()
                .getAffinity()
                .getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms()
                .get(0)
                .getMatchExpressions()
                .get(0)
                .getValues())
        .contains("74a1");
    assertThat(d.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getKind()).isEqualTo("AIMEndpoint"));

    Service s = client.services().inNamespace(NS).withName("qwen").get();
    assertThat(s).isNotNull();
    assertThat(s.getSpec().getSelector()).containsEntry("aim.engine.amd.com/endpoint", "qwen");
    assertThat(s.getSpec().getPorts().get(0).getPort()).isEqualTo(8000);

    awaitCondition("qwen", "RecipeSelected", "True", "Selected");
    AIMEndpointStatus st = get("qwen").getStatus();
    // The pod pins exactly the recipe the planner chose (the model's own fp16 TP2 recipe is
    // manual-selection-only, so the general MI300X one wins).
    assertThat(st.plan.recipe).isEqualTo("general/vllm-mi300x-fp16-tp2-latency");
    assertThat(c.getArgs()).containsSequence("--recipe", st.plan.recipe);
    assertThat(st.plan.gpuModel).isEqualTo("MI300X");
    assertThat(st.plan.gpuCount).isEqualTo(2);
    assertThat(st.plan.tensorParallelSize).isEqualTo(2);
    assertThat(st.plan.engine).isEqualTo("vllm");
    assertThat(st.plan.args).containsSequence("--tensor-parallel-size", "2");
    assertThat(st.candidates.get(0).result).isEqualTo("selected");
    assertThat(st.inventory.maxGpusPerNode).containsEntry("MI300X", 8);
    assertThat(st.endpoint.url).isEqualTo("http://qwen.default.svc.cluster.local:8000/v1");
    assertThat(condition("qwen", "DeploymentAvailable").getStatus()).isEqualTo("False");
    assertThat(st.phase).isEqualTo("Starting");

    // The mock runs no controllers: play the Deployment controller's part.
    Deployment live = deployment("qwen-vllm");
    live.setStatus(
        new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
            .withReplicas(1)
            .withReadyReplicas(1)
            .withAvailableReplicas(1)
            .build());
    client.resource(live).updateStatus();
    awaitCondition("qwen", "Ready", "True", "AllComponentsReady");
    assertThat(get("qwen").getStatus().phase).isEqualTo("Running");
    assertThat(MockCluster.events(client, "qwen"))
        .anyMatch(ev -> ev.getReason().equals("EndpointReady"));
  }

  @Test
  void refusesToPlanMoreGpusThanOneNodeHas() {
    client.nodes().withName("gpu-1").delete();
    client.resource(MockCluster.amdNode("small-1", "74a1", 2)).create();
    client.resource(MockCluster.amdNode("small-2", "74a1", 2)).create();
    AIMEndpoint e = MockCluster.endpoint("big", "Qwen/Qwen3-235B-A22B");
    e.getSpec().precision = "bf16";
    client.resource(e).create();

    awaitCondition("big", "RecipeSelected", "False", "InsufficientGpus");
    assertThat(get("big").getStatus().inventory.maxGpusPerNode).containsEntry("MI300X", 2);
    assertThat(get("big").getStatus().inventory.totalGpus).containsEntry("MI300X", 4);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                MockCluster.events(client, "big").stream()
                    .anyMatch(
                        ev ->
                            ev.getType().equals("Warning")
                                && ev.getReason().equals("InsufficientGpus")));
    assertThat(client.apps().deployments().inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  void aGpuCountNoNodeHasIsInsufficientGpus() {
    AIMEndpoint e = MockCluster.endpoint("wide", "Qwen/Qwen3-32B");
    e.getSpec().gpuCount = 8;
    client
        .nodes()
        .withName("gpu-1")
        .edit(
            n -> {
              n.getStatus()
                  .getAllocatable()
                  .put("amd.com/gpu", new io.fabric8.kubernetes.api.model.Quantity("4"));
              return n;
            });
    client.resource(e).create();
    awaitCondition("wide", "RecipeSelected", "False", "InsufficientGpus");
    assertThat(condition("wide", "RecipeSelected").getMessage()).contains("gpuCount 8");
    assertThat(client.apps().deployments().inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  void invalidSpecNamesTheField() {
    AIMEndpoint e = MockCluster.endpoint("bad", "Qwen/Qwen3-32B");
    e.getSpec().autoScaling = new io.aimengine.operator.endpoint.AIMEndpointSpec.AutoScaling();
    e.getSpec().autoScaling.enabled = true;
    e.getSpec().autoScaling.minReplicas = 3;
    e.getSpec().autoScaling.maxReplicas = 2;
    client.resource(e).create();
    awaitCondition("bad", "ConfigValid", "False", "InvalidSpec");
    assertThat(condition("bad", "ConfigValid").getMessage())
        .startsWith("spec.autoScaling.maxReplicas");
    assertThat(get("bad").getStatus().phase).isEqualTo("Failed");
    assertThat(condition("bad", "Ready").getStatus()).isEqualTo("False");
    assertThat(client.apps().deployments().inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  void anUnknownCustomArgIsInvalidSpecOnCustomArgs() {
    AIMEndpoint e = MockCluster.endpoint("typo", "Qwen/Qwen3-32B");
    e.getSpec().customArgs.put("--max-modle-len", "4096");
    client.resource(e).create();
    awaitCondition("typo", "ConfigValid", "False", "InvalidSpec");
    assertThat(condition("typo", "ConfigValid").getMessage()).startsWith("spec.customArgs");
  }

  @Test
  void aCustomArgsEditRollsTheDeploymentAndASecondReconcileChangesNothing() {
    AIMEndpoint e = MockCluster.endpoint("edit", "Qwen/Qwen3-32B");
    client.resource(e).create();
    awaitCondition("edit", "RecipeSelected", "True", "Selected");
    await().atMost(Duration.ofSeconds(10)).until(() -> deployment("edit-vllm") != null);
    // Let the creates settle (the Deployment and Service events reconcile once more).
    await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> true);
    String serviceRv =
        client.services().inNamespace(NS).withName("edit").get().getMetadata().getResourceVersion();
    AIMEndpoint before = get("edit");

    // Trigger a reconcile that has nothing to do: a Deployment status field we do not read.
    long count = metrics.reconciliations("AIMEndpoint");
    Deployment d = deployment("edit-vllm");
    d.setStatus(
        new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
            .withObservedGeneration(1L)
            .build());
    client.resource(d).updateStatus();
    String statusRv = deployment("edit-vllm").getMetadata().getResourceVersion();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> metrics.reconciliations("AIMEndpoint") > count);
    await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> true);
    assertThat(deployment("edit-vllm").getMetadata().getResourceVersion()).isEqualTo(statusRv);
    assertThat(
            client
                .services()
                .inNamespace(NS)
                .withName("edit")
                .get()
                .getMetadata()
                .getResourceVersion())
        .isEqualTo(serviceRv);
    AIMEndpoint after = get("edit");
    assertThat(after.getMetadata().getResourceVersion())
        .as("no status write")
        .isEqualTo(before.getMetadata().getResourceVersion());
    assertThat(after.getStatus().conditions).isEqualTo(before.getStatus().conditions);

    MockCluster.editEndpoint(
        client, "edit", x -> x.getSpec().customArgs.put("max-model-len", "8192"));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        deployment("edit-vllm")
                            .getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .get(0)
                            .getArgs())
                    .containsSequence("--arg", "max-model-len=8192"));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              AIMEndpoint x = get("edit");
              assertThat(x.getStatus().observedGeneration)
                  .isEqualTo(x.getMetadata().getGeneration());
              assertThat(x.getStatus().plan.args).containsSequence("--max-model-len", "8192");
            });
  }

  @Test
  void twoEnginesRunBehindOneService() {
    AIMEndpoint e = MockCluster.endpoint("both", "Qwen/Qwen3-32B");
    e.getSpec().precision = "bf16";
    e.getSpec().servingEngines = List.of("vllm", "sglang");
    client.resource(e).create();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> deployment("both-vllm") != null && deployment("both-sglang") != null);
    assertThat(
            deployment("both-sglang")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getArgs())
        .containsSequence("--backend", "sglang")
        .containsSequence("--port", "8000");
    assertThat(client.services().inNamespace(NS).list().getItems()).hasSize(1);
    Service s = client.services().inNamespace(NS).withName("both").get();
    assertThat(s.getSpec().getSelector()).doesNotContainKey("aim.engine.amd.com/engine");
    assertThat(deployment("both-sglang").getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(s.getSpec().getSelector());
    assertThat(deployment("both-vllm").getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(s.getSpec().getSelector());
  }

  @Test
  void anEngineDroppedFromTheSpecStopsServingBehindTheService() {
    AIMEndpoint e = MockCluster.endpoint("pair", "Qwen/Qwen3-32B");
    e.getSpec().precision = "bf16";
    e.getSpec().servingEngines = List.of("vllm", "sglang");
    client.resource(e).create();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> deployment("pair-vllm") != null && deployment("pair-sglang") != null);
    // A Deployment someone else made with our labels but not owned by the endpoint stays.
    Deployment foreign = deployment("pair-sglang");
    foreign.getMetadata().setName("pair-custom");
    foreign.getMetadata().setOwnerReferences(List.of());
    foreign.getMetadata().setResourceVersion(null);
    foreign.getMetadata().setUid(null);
    client.resource(foreign).create();

    MockCluster.editEndpoint(client, "pair", x -> x.getSpec().servingEngines = List.of("vllm"));

    // The Service selects every pod of the endpoint: a leftover sglang Deployment would still
    // take requests.
    await().atMost(Duration.ofSeconds(20)).until(() -> deployment("pair-sglang") == null);
    assertThat(deployment("pair-vllm")).isNotNull();
    assertThat(deployment("pair-custom")).isNotNull();
  }
}
