package io.aimengine.operator;

import static io.aimengine.operator.MockCluster.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aimengine.operator.endpoint.AIMEndpoint;
import io.aimengine.operator.recipe.AIMRecipe;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class RecipeReconcilerTest {
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

  private AIMRecipe recipe(String name, String yaml) {
    AIMRecipe r =
        client
            .getKubernetesSerialization()
            .unmarshal(
                "apiVersion: aim.engine.amd.com/v1alpha1\nkind: AIMRecipe\nmetadata:\n  name: "
                    + name
                    + "\nspec:\n"
                    + yaml.indent(2),
                AIMRecipe.class);
    return client.resource(r).create();
  }

  private Condition valid(String name) {
    AIMRecipe r = client.resources(AIMRecipe.class).withName(name).get();
    return r == null || r.getStatus() == null
        ? null
        : r.getStatus().conditions.stream()
            .filter(c -> c.getType().equals("Valid"))
            .findFirst()
            .orElse(null);
  }

  static final String GOOD =
      """
      aim_id: Qwen/Qwen3-32B
      model_id: Qwen/Qwen3-32B
      metadata:
        engine: vllm
        gpu: MI300X
        gpu_count: 1
        manual_selection_only: true
        metric: latency
        precision: bf16
        type: optimized
      engine_args:
        dtype: bfloat16
        gpu-memory-utilization: 0.85
        max-model-len: 16384
      env_vars:
        HIP_FORCE_DEV_KERNARG: '1'
      """;

  @Test
  void anInvalidRecipeIsValidFalseWithTheValidatorsMessage() {
    recipe(
        "broken",
        GOOD.replace(
            "gpu-memory-utilization: 0.85", "gpu-memory-utilization: 1.7\n  no-such-flag: 3"));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              Condition c = valid("broken");
              assertThat(c).isNotNull();
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getReason()).isEqualTo("InvalidRecipe");
              assertThat(c.getMessage())
                  .contains("no-such-flag")
                  .contains("gpu-memory-utilization");
            });
    assertThat(operator.catalog().idOfResource("broken")).isEmpty();
  }

  @Test
  void aValidRecipeJoinsTheCatalogAndAnEndpointCanUseIt() {
    recipe("qwen-tuned", GOOD);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(valid("qwen-tuned"))
                    .isNotNull()
                    .extracting(Condition::getStatus)
                    .isEqualTo("True"));
    assertThat(client.resources(AIMRecipe.class).withName("qwen-tuned").get().getStatus().recipeId)
        .isEqualTo("Qwen/Qwen3-32B/qwen-tuned");

    AIMEndpoint e = MockCluster.endpoint("tuned", "Qwen/Qwen3-32B");
    e.getSpec().recipeRef = "qwen-tuned";
    client.resource(e).create();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              AIMEndpoint x =
                  client.resources(AIMEndpoint.class).inNamespace(NS).withName("tuned").get();
              assertThat(x.getStatus()).isNotNull();
              assertThat(x.getStatus().plan).isNotNull();
              assertThat(x.getStatus().plan.recipe).isEqualTo("Qwen/Qwen3-32B/qwen-tuned");
              assertThat(x.getStatus().plan.args).containsSequence("--max-model-len", "16384");
            });

    // The image's catalog lacks the AIMRecipe: the pod gets it as a catalog root, at the path
    // that gives it the same id, and the file parses back to that recipe.
    io.fabric8.kubernetes.api.model.apps.Deployment d =
        client.apps().deployments().inNamespace(NS).withName("tuned-vllm").get();
    var c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getArgs()).containsSequence("--recipe", "Qwen/Qwen3-32B/qwen-tuned");
    assertThat(c.getEnv())
        .anyMatch(
            v ->
                v.getName().equals("AIM_CATALOG_PATH")
                    && v.getValue().equals("/etc/aim-engine/catalog"));
    var volume =
        d.getSpec().getTemplate().getSpec().getVolumes().stream()
            .filter(v -> v.getConfigMap() != null)
            .findFirst()
            .orElseThrow();
    assertThat(volume.getConfigMap().getItems().get(0).getPath())
        .isEqualTo("Qwen/Qwen3-32B/qwen-tuned.yaml");
    var cm = client.configMaps().inNamespace(NS).withName("tuned-recipes").get();
    String profile = cm.getData().get(volume.getConfigMap().getItems().get(0).getKey());
    var parsed =
        new io.aimengine.core.catalog.RecipeParser(io.aimengine.core.hardware.GpuCatalog.builtIn())
            .parse("qwen-tuned.yaml", "Qwen/Qwen3-32B/qwen-tuned", profile);
    assertThat(parsed.problems()).isEmpty();
    assertThat(parsed.recipes().get(0).engineArgs()).containsEntry("max-model-len", 16384L);
  }
}
