package io.aimengine.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The install manifests under deploy/kubernetes parse and carry the CRDs the build generates. */
class DeployManifestsTest {
  static final Path DEPLOY = Path.of("..", "deploy", "kubernetes");
  final KubernetesSerialization json = new KubernetesSerialization();

  @ParameterizedTest
  @ValueSource(strings = {"aimendpoints", "aimrecipes", "aimcaches"})
  void theCommittedCrdIsTheOneGeneratedFromTheJavaClasses(String plural) throws Exception {
    String name = plural + ".aim.engine.amd.com";
    CustomResourceDefinition committed =
        json.unmarshal(
            Files.readString(DEPLOY.resolve("crds").resolve(name + ".yaml")),
            CustomResourceDefinition.class);
    CustomResourceDefinition generated;
    try (InputStream in = getClass().getResourceAsStream("/META-INF/fabric8/" + name + "-v1.yml")) {
      generated = json.unmarshal(in, CustomResourceDefinition.class);
    }
    assertThat(committed)
        .as(
            "deploy/kubernetes/crds/%s.yaml is stale: copy operator/target/classes/META-INF/fabric8/%s-v1.yml",
            name, name)
        .isEqualTo(generated);
  }

  @Test
  @SuppressWarnings("unchecked")
  void rbacAndTheOperatorDeploymentParse() throws Exception {
    Object rbac = json.unmarshal(Files.readString(DEPLOY.resolve("rbac.yaml")));
    assertThat((List<HasMetadata>) rbac)
        .extracting(HasMetadata::getKind)
        .containsExactly("Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding");
    HasMetadata op = json.unmarshal(Files.readString(DEPLOY.resolve("operator.yaml")));
    assertThat(op.getKind()).isEqualTo("Deployment");
    var ep =
        json.unmarshal(
            Files.readString(DEPLOY.resolve("example-endpoint.yaml")),
            io.aimengine.operator.endpoint.AIMEndpoint.class);
    assertThat(ep.getSpec().model).isEqualTo("Qwen/Qwen3-32B");
    assertThat(
            new io.aimengine.operator.endpoint.SpecValidator(
                    io.aimengine.core.hardware.GpuCatalog.builtIn())
                .validate(ep.getSpec())
                .autoScaling()
                .maxReplicas())
        .isEqualTo(3);
  }
}
