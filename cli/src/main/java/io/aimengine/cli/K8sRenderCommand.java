package io.aimengine.cli;

import io.aimengine.core.AimException;
import io.aimengine.operator.Images;
import io.aimengine.operator.endpoint.AIMEndpointSpec;
import io.aimengine.operator.render.Renderer;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code aim-engine k8s render MODEL [GPU_COUNT] --gpu MI300X ...}: the Deployment(s), Service and
 * optional cache PVC, download Job and autoscaler that the operator would create for the same
 * AIMEndpoint spec, as multi-document YAML on stdout. Same validator, planner and manifest builder
 * as the operator.
 */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = {
      "Print the Kubernetes manifests for MODEL as the operator would create them (GitOps).",
      "The cluster is described by --gpu (its GPU model) and --node-gpus (GPUs on one node)."
    })
public final class K8sRenderCommand implements Callable<Integer> {
  private final App app;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL", description = "Hugging Face model id.")
  String model;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "GPU_COUNT",
      description = "GPUs per replica (1, 2, 4, 8; default: the smallest that fits).")
  Integer gpuCount;

  @Option(
      names = "--gpu",
      required = true,
      paramLabel = "MODEL",
      description = "The cluster's GPU model (MI300X, MI325X, H100, ...).")
  String gpu;

  @Option(
      names = "--node-gpus",
      paramLabel = "N",
      description = "GPUs of that model on one node (default: 8).")
  int nodeGpus = 8;

  @Option(
      names = "--precision",
      paramLabel = "P",
      description = "auto (default), bf16, fp16, fp8, int8, int4, fp4.")
  String precision;

  @Option(
      names = {"--backend", "--engine"},
      paramLabel = "ENGINE",
      description = "vllm (default) or sglang; twice for both behind one Service.")
  List<String> backends = List.of();

  @Option(names = "--recipe", paramLabel = "ID", description = "Use exactly this catalog recipe.")
  String recipe;

  @Option(
      names = "--arg",
      paramLabel = "KEY=VALUE",
      description = "Override or add an engine argument (repeatable).")
  List<String> args = List.of();

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "Endpoint name (default: from the model).")
  String name;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description = "Namespace (default: default).")
  String namespace = "default";

  @Option(names = "--replicas", paramLabel = "N", description = "Replicas (default: 1).")
  Integer replicas;

  @Option(
      names = "--image",
      paramLabel = "IMAGE",
      description = "AIM Engine image (default: aim-engine:<version>).")
  String image;

  @Option(
      names = "--cache",
      description = "Add a cache PVC and a download Job the engines wait for.")
  boolean cache;

  @Option(
      names = "--storage-class",
      paramLabel = "CLASS",
      description = "Storage class of the cache PVC.")
  String storageClass;

  @Option(
      names = "--cache-size",
      paramLabel = "SIZE",
      description = "Cache PVC size (default: weights + 10%%).")
  String cacheSize;

  @Option(
      names = "--min-replicas",
      paramLabel = "N",
      description = "Autoscale from N replicas (with --max-replicas).")
  Integer minReplicas;

  @Option(
      names = "--max-replicas",
      paramLabel = "N",
      description = "Autoscale up to N replicas on the engine's queue length.")
  Integer maxReplicas;

  @Option(
      names = "--autoscaler",
      paramLabel = "KIND",
      description = "keda (default: a ScaledObject) or hpa.")
  String autoscaler;

  @Option(
      names = "--service-type",
      paramLabel = "TYPE",
      description = "ClusterIP (default), NodePort or LoadBalancer.")
  String serviceType;

  public K8sRenderCommand(App app) {
    this.app = app;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (nodeGpus <= 0) {
      throw AimException.invalid("--node-gpus: expected a positive number, got " + nodeGpus);
    }
    AIMEndpointSpec s = new AIMEndpointSpec();
    s.model = model;
    s.gpuCount = gpuCount;
    s.precision = precision;
    if (backends.size() == 1) {
      s.servingEngine = backends.get(0);
    } else if (backends.size() > 1) {
      s.servingEngines = backends;
    }
    s.recipeRef = recipe;
    s.replicas = replicas;
    s.customArgs = customArgs(args);
    if (image != null) {
      s.overrides = new AIMEndpointSpec.Overrides();
      s.overrides.image = image;
    }
    if (cache) {
      s.cache = new AIMEndpointSpec.Cache();
      s.cache.enabled = true;
      s.cache.storageClassName = storageClass;
      s.cache.size = cacheSize;
    }
    if (maxReplicas != null || minReplicas != null) {
      s.autoScaling = new AIMEndpointSpec.AutoScaling();
      s.autoScaling.enabled = true;
      s.autoScaling.minReplicas = minReplicas;
      s.autoScaling.maxReplicas = maxReplicas;
      s.autoScaling.backend = autoscaler;
    }
    if (serviceType != null) {
      s.service = new AIMEndpointSpec.Service();
      s.service.type = serviceType;
    }
    String endpoint = name != null ? name : defaultName(model);
    Renderer r = new Renderer(app.gpus(), app.catalog(), Images.defaultImage());
    out.print(Renderer.yaml(r.render(endpoint, namespace, s, gpu, nodeGpus)));
    out.flush();
    return 0;
  }

  /** {@code --arg KEY=VALUE} pairs as the spec's customArgs (validated there, as the CLI does). */
  static Map<String, String> customArgs(List<String> args) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      m.put(eq < 0 ? a : a.substring(0, eq), eq < 0 ? "" : a.substring(eq + 1));
    }
    return m;
  }

  /** "Qwen/Qwen3-32B" → "qwen3-32b". */
  static String defaultName(String model) {
    String last = model.substring(model.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    String n = last.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (n.length() > 42) {
      n = n.substring(0, 42).replaceAll("-+$", "");
    }
    return n.isEmpty() ? "endpoint" : n;
  }
}
