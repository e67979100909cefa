package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.config.Settings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code k8s render}: kubectl's client-side dry run needs an API server even for built-in kinds (it
 * fetches discovery/OpenAPI first), so the output is parsed back with fabric8 instead.
 */
class K8sRenderCommandTest {
  @TempDir Path home;

  record Result(int code, String out, String err) {}

  private Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Settings settings = new Settings(Map.of("AIM_HOME", home.toString()), home);
    int code = Main.run(settings, new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }

  @SuppressWarnings("unchecked")
  private static List<HasMetadata> parse(String yaml) {
    Object o = new KubernetesSerialization().unmarshal(yaml);
    return o instanceof List<?> l ? (List<HasMetadata>) l : List.of((HasMetadata) o);
  }

  @Test
  void rendersManifestsThatParseBackAsKubernetesObjects() {
    Result r =
        run(
            "k8s",
            "render",
            "Qwen/Qwen3-32B",
            "2",
            "--gpu",
            "MI300X",
            "--cache",
            "--max-replicas",
            "3",
            "--arg",
            "max-model-len=8192");
    assertThat(r.code()).as(r.err()).isZero();
    List<HasMetadata> objects = parse(r.out());
    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .containsExactly("PersistentVolumeClaim", "Job", "Deployment", "Service", "ScaledObject");
    Deployment d = (Deployment) objects.get(2);
    assertThat(d.getMetadata().getName()).isEqualTo("qwen3-32b-vllm");
    assertThat(d.getMetadata().getOwnerReferences()).isEmpty();
    var c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getArgs())
        .containsSequence("--gpu-count", "2")
        .containsSequence("--arg", "max-model-len=8192");
    assertThat(c.getResources().getLimits().get("amd.com/gpu").getAmount()).isEqualTo("2");
    Service s = (Service) objects.get(3);
    assertThat(s.getSpec().getSelector()).containsEntry("aim.engine.amd.com/endpoint", "qwen3-32b");
    assertThat(r.out()).startsWith("# vllm: ");
  }

  @Test
  void badInputIsOneLineAndExitTwo() {
    Result r = run("k8s", "render", "Qwen/Qwen3-32B", "3", "--gpu", "MI300X");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).doesNotContain("\n").contains("spec.gpuCount");
    Result g = run("k8s", "render", "Qwen/Qwen3-32B", "--gpu", "MI999");
    assertThat(g.code()).isEqualTo(2);
    assertThat(g.err()).contains("--gpu");
  }

  @Test
  void aModelTooBigForOneNodeIsExitThree() {
    Result r =
        run(
            "k8s",
            "render",
            "Qwen/Qwen3-235B-A22B",
            "--gpu",
            "MI300X",
            "--node-gpus",
            "1",
            "--precision",
            "bf16");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
    assertThat(r.err()).contains("InsufficientGpus");
  }
}
