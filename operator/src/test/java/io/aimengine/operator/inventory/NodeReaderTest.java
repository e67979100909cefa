package io.aimengine.operator.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.hardware.GpuCatalog;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeReaderTest {
  final NodeReader reader = new NodeReader(GpuCatalog.builtIn());

  static Node node(
      String name,
      Map<String, String> labels,
      Map<String, String> allocatable,
      boolean ready,
      boolean cordoned) {
    NodeBuilder b =
        new NodeBuilder()
            .withNewMetadata()
            .withName(name)
            .withLabels(labels)
            .endMetadata()
            .withNewSpec()
            .withUnschedulable(cordoned ? true : null)
            .endSpec()
            .withNewStatus()
            .addNewCondition()
            .withType("Ready")
            .withStatus(ready ? "True" : "False")
            .endCondition()
            .endStatus();
    Node n = b.build();
    allocatable.forEach(
        (k, v) -> {
          if (n.getStatus().getAllocatable() == null) {
            n.getStatus().setAllocatable(new java.util.LinkedHashMap<>());
          }
          n.getStatus().getAllocatable().put(k, new Quantity(v));
        });
    return n;
  }

  @Test
  void readsTheAmdModelFromThePlainBetaAndCountEncodedDeviceIdLabels() {
    ClusterInventory inv =
        reader.read(
            List.of(
                node(
                    "plain",
                    Map.of("amd.com/gpu.device-id", "74a1", "amd.com/gpu.vram", "192G"),
                    Map.of("amd.com/gpu", "8"),
                    true,
                    false),
                node(
                    "beta",
                    Map.of("beta.amd.com/gpu.device-id", "0x74a5"),
                    Map.of("amd.com/gpu", "4"),
                    true,
                    false),
                node(
                    "counted",
                    Map.of("beta.amd.com/gpu.device-id.75a3", "2"),
                    Map.of(),
                    true,
                    false)));
    assertThat(inv.nodes())
        .extracting(NodeGpus::node, NodeGpus::model, NodeGpus::count)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("beta", "MI325X", 4),
            org.assertj.core.groups.Tuple.tuple("counted", "MI355X", 2),
            org.assertj.core.groups.Tuple.tuple("plain", "MI300X", 8));
    assertThat(inv.nodes().get(2).memoryBytes()).isEqualTo(192L << 30);
  }

  @Test
  void skipsCordonedAndNotReadyNodesAndNeverOffersMoreThanOneNodeHas() {
    ClusterInventory inv =
        reader.read(
            List.of(
                node(
                    "a",
                    Map.of("amd.com/gpu.device-id", "74a1"),
                    Map.of("amd.com/gpu", "4"),
                    true,
                    false),
                node(
                    "b",
                    Map.of("amd.com/gpu.device-id", "74a1"),
                    Map.of("amd.com/gpu", "4"),
                    true,
                    false),
                node(
                    "cordoned",
                    Map.of("amd.com/gpu.device-id", "74a1"),
                    Map.of("amd.com/gpu", "8"),
                    true,
                    true),
                node(
                    "down",
                    Map.of("amd.com/gpu.device-id", "74a1"),
                    Map.of("amd.com/gpu", "8"),
                    false,
                    false),
                node("cpu", Map.of(), Map.of("cpu", "64"), true, false)));
    assertThat(inv.maxPerNode()).containsExactly(Map.entry("MI300X", 4));
    assertThat(inv.totals()).containsExactly(Map.entry("MI300X", 8));
    assertThat(inv.skipped()).containsExactly("cordoned: cordoned", "down: not Ready");
    assertThat(inv.plannerInventory("MI300X", GpuCatalog.builtIn()).gpus()).hasSize(4);
  }

  @Test
  void readsNvidiaProductLabelsAndAllocatable() {
    ClusterInventory inv =
        reader.read(
            List.of(
                node(
                    "h",
                    Map.of(
                        "nvidia.com/gpu.product",
                        "NVIDIA-H100-80GB-HBM3",
                        "nvidia.com/gpu.memory",
                        "81559"),
                    Map.of("nvidia.com/gpu", "8"),
                    true,
                    false)));
    assertThat(inv.nodes())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.model()).isEqualTo("H100");
              assertThat(n.count()).isEqualTo(8);
              assertThat(n.memoryBytes()).isEqualTo(81559L << 20);
            });
  }

  @Test
  void vramLabelsAreGibWithASuffixAndMibOrBytesWithout() {
    assertThat(NodeReader.vram("192G")).isEqualTo(192L << 30);
    assertThat(NodeReader.vram("256Gi")).isEqualTo(256L << 30);
    assertThat(NodeReader.vram("196608")).isEqualTo(196608L << 20);
    assertThat(NodeReader.vram("206158430208")).isEqualTo(206158430208L);
    assertThat(NodeReader.vram("lots")).isZero();
  }

  @Test
  void unknownDeviceIdsKeepTheirId() {
    ClusterInventory inv =
        reader.read(
            List.of(
                node(
                    "x",
                    Map.of("amd.com/gpu.device-id", "7fff"),
                    Map.of("amd.com/gpu", "1"),
                    true,
                    false)));
    assertThat(inv.nodes().get(0).model()).isEqualTo("AMD-7fff");
  }
}
