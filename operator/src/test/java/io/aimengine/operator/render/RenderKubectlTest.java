package io.aimengine.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.aimengine.core.catalog.FileCatalog;
import io.aimengine.core.hardware.GpuCatalog;
import io.aimengine.operator.endpoint.AIMEndpointSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code k8s render} output through {@code kubectl apply --dry-run=client}. kubectl resolves every
 * apiVersion/kind through the API server's discovery even in a client dry run, so the test serves
 * discovery as a real API server does (the built-in groups plus KEDA's and the Prometheus
 * operator's) and 404 for every object; there is no OpenAPI document offline, hence {@code
 * --validate=false}. Skipped, saying so, where kubectl is not installed (Debian: {@code apt-get
 * install kubernetes-client}); the fabric8 parse-back test in the CLI runs everywhere.
 */
class RenderKubectlTest {
  /** What an API server's discovery says about the kinds that render emits. */
  static final Map<String, String> DISCOVERY =
      Map.of(
          "/version",
          """
          {"major":"1","minor":"32","gitVersion":"v1.32.0"}""",
          "/api",
          """
          {"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[]}""",
          "/apis",
          """
          {"kind":"APIGroupList","apiVersion":"v1","groups":[
           {"name":"apps","versions":[{"groupVersion":"apps/v1","version":"v1"}],
            "preferredVersion":{"groupVersion":"apps/v1","version":"v1"}},
           {"name":"batch","versions":[{"groupVersion":"batch/v1","version":"v1"}],
            "preferredVersion":{"groupVersion":"batch/v1","version":"v1"}},
           {"name":"autoscaling","versions":[{"groupVersion":"autoscaling/v2","version":"v2"},
            {"groupVersion":"autoscaling/v1","version":"v1"}],
            "preferredVersion":{"groupVersion":"autoscaling/v2","version":"v2"}},
           {"name":"keda.sh","versions":[{"groupVersion":"keda.sh/v1alpha1","version":"v1alpha1"}],
            "preferredVersion":{"groupVersion":"keda.sh/v1alpha1","version":"v1alpha1"}},
           {"name":"monitoring.coreos.com","versions":[
            {"groupVersion":"monitoring.coreos.com/v1","version":"v1"}],
            "preferredVersion":{"groupVersion":"monitoring.coreos.com/v1","version":"v1"}}]}""",
          "/api/v1",
          resources(
              "v1",
              "configmaps:ConfigMap",
              "services:Service",
              "persistentvolumeclaims:PersistentVolumeClaim",
              "secrets:Secret"),
          "/apis/apps/v1",
          resources("apps/v1", "deployments:Deployment"),
          "/apis/batch/v1",
          resources("batch/v1", "jobs:Job"),
          "/apis/autoscaling/v2",
          resources("autoscaling/v2", "horizontalpodautoscalers:HorizontalPodAutoscaler"),
          "/apis/autoscaling/v1",
          resources("autoscaling/v1", "horizontalpodautoscalers:HorizontalPodAutoscaler"),
          "/apis/keda.sh/v1alpha1",
          resources("keda.sh/v1alpha1", "scaledobjects:ScaledObject"),
          "/apis/monitoring.coreos.com/v1",
          resources("monitoring.coreos.com/v1", "servicemonitors:ServiceMonitor"));

  @TempDir Path dir;
  HttpServer api;
  final Renderer renderer =
      new Renderer(
          GpuCatalog.builtIn(),
          new FileCatalog(List.of(FileCatalog.builtInRoot()), GpuCatalog.builtIn()),
          "aim-engine:test");

  private static String resources(String groupVersion, String... pluralKinds) {
    List<String> rs = new ArrayList<>();
    for (String pk : pluralKinds) {
      String[] p = pk.split(":");
      rs.add(
          "{\"name\":\""
              + p[0]
              + "\",\"singularName\":\""
              + p[1].toLowerCase(java.util.Locale.ROOT)
              + "\",\"namespaced\":true,\"kind\":\""
              + p[1]
              + "\",\"verbs\":[\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\"]}");
    }
    return "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\""
        + groupVersion
        + "\",\"resources\":["
        + String.join(",", rs)
        + "]}";
  }

  private static Path kubectl() {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(d, "kubectl");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  @BeforeEach
  void startApiServer() throws IOException {
    api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    api.createContext("/", this::serve);
    api.start();
  }

  @AfterEach
  void stopApiServer() {
    api.stop(0);
  }

  private void serve(HttpExchange x) throws IOException {
    String body = DISCOVERY.get(x.getRequestURI().getPath());
    int code = 200;
    if (body == null || !x.getRequestMethod().equals("GET")) {
      code = 404;
      body =
          "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
              + "\"reason\":\"NotFound\",\"code\":404}";
    }
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(code, b.length);
    try (OutputStream o = x.getResponseBody()) {
      o.write(b);
    }
  }

  record Run(int code, String output) {}

  private Run dryRun(String yaml) throws Exception {
    Path kubectl = kubectl();
    if (kubectl == null) {
      System.err.println(
          "RenderKubectlTest SKIPPED: kubectl is not on PATH (apt-get install kubernetes-client)");
    }
    Assumptions.assumeTrue(kubectl != null, "kubectl is not on PATH");
    Path manifests = dir.resolve("manifests.yaml");
    Files.writeString(manifests, yaml);
    Path config = dir.resolve("kubeconfig");
    Files.writeString(
        config,
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: test, cluster: {server: "http://127.0.0.1:%d"}}]
        users: [{name: test, user: {}}]
        contexts: [{name: test, context: {cluster: test, user: test, namespace: default}}]
        current-context: test
        """
            .formatted(api.getAddress().getPort()));
    ProcessBuilder pb =
        new ProcessBuilder(
                kubectl.toString(),
                "apply",
                "--dry-run=client",
                "--validate=false",
                "--cache-dir",
                dir.resolve("cache").toString(),
                "-f",
                manifests.toString())
            .redirectErrorStream(true);
    pb.environment().put("KUBECONFIG", config.toString());
    pb.environment().put("HOME", dir.toString());
    Process p = pb.start();
    try {
      byte[] out = p.getInputStream().readAllBytes();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kubectl finished").isTrue();
      return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } finally {
      p.destroyForcibly();
    }
  }

  private static String resource(HasMetadata o) {
    String group =
        o.getApiVersion().contains("/")
            ? "." + o.getApiVersion().substring(0, o.getApiVersion().indexOf('/'))
            : "";
    return o.getKind().toLowerCase(java.util.Locale.ROOT)
        + group
        + "/"
        + o.getMetadata().getName()
        + " created (dry run)";
  }

  private void assertApplies(Renderer.Rendered r) throws Exception {
    Run run = dryRun(Renderer.yaml(r));
    assertThat(run.code()).as(run.output()).isZero();
    assertThat(run.output().lines().toList())
        .containsExactlyElementsOf(r.objects().stream().map(RenderKubectlTest::resource).toList());
  }

  @Test
  void aCachedKedaScaledEndpointPassesAClientDryRun() throws Exception {
    AIMEndpointSpec s = new AIMEndpointSpec();
    s.model = "Qwen/Qwen3-32B";
    s.gpuCount = 2;
    s.customArgs.put("max-model-len", "8192");
    s.cache = new AIMEndpointSpec.Cache();
    s.cache.enabled = true;
    s.autoScaling = new AIMEndpointSpec.AutoScaling();
    s.autoScaling.enabled = true;
    s.autoScaling.minReplicas = 1;
    s.autoScaling.maxReplicas = 3;

    Renderer.Rendered r = renderer.render("qwen", "default", s, "MI300X", 8);

    assertThat(r.objects())
        .extracting(HasMetadata::getKind)
        .containsExactly("PersistentVolumeClaim", "Job", "Deployment", "Service", "ScaledObject");
    assertApplies(r);
  }

  @Test
  void twoEnginesWithHpasAndAServiceMonitorPassAClientDryRun() throws Exception {
    AIMEndpointSpec s = new AIMEndpointSpec();
    s.model = "Qwen/Qwen3-32B";
    s.servingEngines = List.of("vllm", "sglang");
    s.autoScaling = new AIMEndpointSpec.AutoScaling();
    s.autoScaling.enabled = true;
    s.autoScaling.minReplicas = 1;
    s.autoScaling.maxReplicas = 2;
    s.autoScaling.backend = "hpa";
    s.monitoring = new AIMEndpointSpec.Monitoring();
    s.monitoring.serviceMonitor = true;

    Renderer.Rendered r = renderer.render("duo", "default", s, "MI300X", 8);

    assertThat(r.objects())
        .extracting(HasMetadata::getKind)
        .contains("Deployment", "Service", "HorizontalPodAutoscaler", "ServiceMonitor");
    assertApplies(r);
  }

  @Test
  void kubectlRejectsAKindTheApiServerDoesNotServe() throws Exception {
    Run run =
        dryRun(
            """
            apiVersion: autoscaling/v2beta9
            kind: HorizontalPodAutoscaler
            metadata: {name: x}
            spec: {}
            """);
    assertThat(run.code()).isNotZero();
    assertThat(run.output()).contains("autoscaling/v2beta9");
  }
}
