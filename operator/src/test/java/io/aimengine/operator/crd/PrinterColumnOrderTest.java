package io.aimengine.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.operator.cache.AIMCache;
import io.aimengine.operator.endpoint.AIMEndpoint;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** kubectl get shows the printer columns in CRD order: the build writes them as declared. */
class PrinterColumnOrderTest {
  final KubernetesSerialization yaml = new KubernetesSerialization();

  private CustomResourceDefinition generated(Class<?> type) throws Exception {
    String file =
        "/META-INF/fabric8/"
            + HasMetadata.getFullResourceName(type.asSubclass(HasMetadata.class))
            + "-v1.yml";
    try (InputStream in = getClass().getResourceAsStream(file)) {
      assertThat(in).as(file).isNotNull();
      return yaml.unmarshal(in, CustomResourceDefinition.class);
    }
  }

  private static List<String> columns(CustomResourceDefinition crd) {
    return crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns().stream()
        .map(CustomResourceColumnDefinition::getName)
        .toList();
  }

  @Test
  void theGeneratedEndpointCrdListsModelEngineGpusPhaseReadyAge() throws Exception {
    assertThat(columns(generated(AIMEndpoint.class)))
        .containsExactly("Model", "Engine", "GPUs", "Phase", "Ready", "Age");
  }

  @Test
  void theCommittedEndpointCrdListsTheSameOrder() throws Exception {
    CustomResourceDefinition committed =
        yaml.unmarshal(
            Files.readString(
                Path.of(
                    "..", "deploy", "kubernetes", "crds", "aimendpoints.aim.engine.amd.com.yaml")),
            CustomResourceDefinition.class);
    assertThat(columns(committed))
        .containsExactly("Model", "Engine", "GPUs", "Phase", "Ready", "Age");
  }

  @Test
  void everyGeneratedCrdHasItsColumnsInDeclarationOrder() throws Exception {
    assertThat(columns(generated(AIMCache.class)))
        .containsExactly("Source", "Size", "Phase", "Age");
    for (Class<?> type : PrinterColumnOrder.RESOURCES) {
      assertThat(columns(generated(type)))
          .as(type.getSimpleName())
          .isEqualTo(PrinterColumnOrder.declaredOrder(type));
    }
  }

  @Test
  void reorderSortsByTheDeclaredNamesAndReportsWhetherAnythingMoved() throws Exception {
    CustomResourceDefinition crd = generated(AIMEndpoint.class);
    var cols =
        new java.util.ArrayList<>(crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns());
    java.util.Collections.reverse(cols);
    crd.getSpec().getVersions().get(0).setAdditionalPrinterColumns(cols);
    assertThat(columns(crd)).containsExactly("Age", "Ready", "Phase", "GPUs", "Engine", "Model");

    assertThat(PrinterColumnOrder.reorder(crd, PrinterColumnOrder.declaredOrder(AIMEndpoint.class)))
        .isTrue();
    assertThat(columns(crd)).containsExactly("Model", "Engine", "GPUs", "Phase", "Ready", "Age");
    assertThat(PrinterColumnOrder.reorder(crd, PrinterColumnOrder.declaredOrder(AIMEndpoint.class)))
        .isFalse();
  }
}
