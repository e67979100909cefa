package io.aimengine.operator.endpoint;

import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.hardware.GpuCatalog;
import io.aimengine.core.model.Precision;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks an {@link AIMEndpointSpec} against the same rules as the CRD schema (which a mock or old
 * API server does not enforce) and the CLI's {@code --arg} rules, and applies defaults. Every error
 * names the field. Stateless.
 */
public final class SpecValidator {
  static final Pattern MODEL =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*");
  static final Pattern FLAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
  static final String DEFAULT_SHM = "16Gi";
  static final int DEFAULT_STARTUP_SECONDS = 1800;
  static final String DEFAULT_PROMETHEUS = "http://prometheus-operated.monitoring.svc:9090";

  private final GpuCatalog gpus;

  public SpecValidator(GpuCatalog gpus) {
    this.gpus = gpus;
  }

  /**
   * The validated intent.
   *
   * @throws InvalidSpecException naming the first field that breaks a rule
   */
  public EndpointIntent validate(AIMEndpointSpec s) {
    if (s == null) {
      throw new InvalidSpecException("model", "required");
    }
    if (s.model == null || s.model.isBlank()) {
      throw new InvalidSpecException(
          "model", "required (a Hugging Face id such as Qwen/Qwen3-32B)");
    }
    if (!MODEL.matcher(s.model).matches()) {
      throw new InvalidSpecException(
          "model", "'" + s.model + "' is not a Hugging Face id (org/name)");
    }
    String hardware = null;
    if (s.hardware != null && !s.hardware.isBlank()) {
      hardware =
          gpus.find(s.hardware)
              .map(g -> g.name())
              .orElseThrow(
                  () ->
                      new InvalidSpecException(
                          "hardware",
                          "unknown GPU model '"
                              + s.hardware
                              + "'; known: "
                              + String.join(", ", gpus.names())));
    }
    Precision precision = null;
    if (s.precision != null && !s.precision.equals("auto")) {
      precision =
          Precision.find(s.precision)
              .orElseThrow(
                  () ->
                      new InvalidSpecException(
                          "precision",
                          "'"
                              + s.precision
                              + "': expected auto, bf16, fp16, fp8, int8, int4 or fp4"));
    }
    if (s.gpuCount != null && !List.of(1, 2, 4, 8).contains(s.gpuCount)) {
      throw new InvalidSpecException("gpuCount", "expected 1, 2, 4 or 8, got " + s.gpuCount);
    }
    List<EngineKind> engines = engines(s);
    int replicas = s.replicas == null ? 1 : s.replicas;
    if (replicas < 0) {
      throw new InvalidSpecException("replicas", "expected >= 0, got " + replicas);
    }
    return new EndpointIntent(
        s.model,
        hardware,
        precision,
        s.gpuCount,
        engines,
        blankToNull(s.recipeRef),
        replicas,
        autoScaling(s.autoScaling),
        customArgs(s.customArgs),
        overrides(s.overrides),
        cache(s.cache),
        service(s.service),
        s.service == null || s.service.port == null ? 8000 : port(s.service.port),
        s.monitoring != null && Boolean.TRUE.equals(s.monitoring.serviceMonitor));
  }

  private static List<EngineKind> engines(AIMEndpointSpec s) {
    boolean many = s.servingEngines != null && !s.servingEngines.isEmpty();
    if (s.servingEngine != null && many) {
      throw new InvalidSpecException(
          "servingEngines", "set servingEngine or servingEngines, not both");
    }
    List<String> names =
        many ? s.servingEngines : List.of(s.servingEngine == null ? "vllm" : s.servingEngine);
    String field = many ? "servingEngines" : "servingEngine";
    if (names.size() > 2) {
      throw new InvalidSpecException(
          field, "at most two engines (vllm and sglang), got " + names.size());
    }
    List<EngineKind> out = new ArrayList<>();
    for (String n : names) {
      EngineKind k = EngineKind.find(n == null ? "" : n).orElse(null);
      if (k == null || k == EngineKind.LLAMACPP) {
        throw new InvalidSpecException(field, "'" + n + "': expected vllm or sglang");
      }
      if (out.contains(k)) {
        throw new InvalidSpecException(field, "'" + n + "' is listed twice");
      }
      out.add(k);
    }
    return List.copyOf(out);
  }

  private static EndpointIntent.AutoScaling autoScaling(AIMEndpointSpec.AutoScaling a) {
    if (a == null || !Boolean.TRUE.equals(a.enabled)) {
      return null;
    }
    int min = a.minReplicas == null ? 1 : a.minReplicas;
    if (min < 1) {
      throw new InvalidSpecException("autoScaling.minReplicas", "expected >= 1, got " + min);
    }
    int max = a.maxReplicas == null ? Math.max(min, 1) : a.maxReplicas;
    if (max < min) {
      throw new InvalidSpecException(
          "autoScaling.maxReplicas", "must be >= minReplicas (" + min + "), got " + max);
    }
    String backend = a.backend == null ? "keda" : a.backend;
    if (!List.of("keda", "hpa").contains(backend)) {
      throw new InvalidSpecException(
          "autoScaling.backend", "'" + backend + "': expected keda or hpa");
    }
    String metric = a.metric == null ? "num_requests_waiting" : a.metric;
    if (!List.of("num_requests_waiting", "num_requests_running").contains(metric)) {
      throw new InvalidSpecException(
          "autoScaling.metric",
          "'" + metric + "': expected num_requests_waiting or num_requests_running");
    }
    String target = a.target == null ? "5" : a.target;
    if (!target.matches("\\d+(\\.\\d+)?") || Double.parseDouble(target) <= 0) {
      throw new InvalidSpecException(
          "autoScaling.target", "'" + target + "': expected a positive number");
    }
    String address = a.prometheusAddress == null ? DEFAULT_PROMETHEUS : a.prometheusAddress;
    return new EndpointIntent.AutoScaling(min, max, backend, metric, target, address);
  }

  /** The CLI's --arg rules: a flag name, no tensor parallelism (the GPU count decides it). */
  static Map<String, Object> customArgs(Map<String, String> in) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (in == null) {
      return out;
    }
    for (Map.Entry<String, String> e : in.entrySet()) {
      String key = e.getKey() == null ? "" : e.getKey().trim();
      while (key.startsWith("-")) {
        key = key.substring(1);
      }
      String field = "customArgs[" + e.getKey() + "]";
      if (!FLAG.matcher(key).matches()) {
        throw new InvalidSpecException(
            field, "expected an engine flag name such as --max-model-len");
      }
      if (key.equals("tensor-parallel-size") || key.equals("tp-size") || key.equals("tp")) {
        throw new InvalidSpecException(
            field, "set gpuCount instead; the recipe's parallelism follows it");
      }
      String v = e.getValue();
      out.put(key, v == null || v.isEmpty() ? null : v);
    }
    return out;
  }

  private static EndpointIntent.Overrides overrides(AIMEndpointSpec.Overrides o) {
    AIMEndpointSpec.Overrides x = o == null ? new AIMEndpointSpec.Overrides() : o;
    Quantity shm = quantity(x.shmSize == null ? DEFAULT_SHM : x.shmSize, "overrides.shmSize");
    int startup =
        x.startupTimeoutSeconds == null ? DEFAULT_STARTUP_SECONDS : x.startupTimeoutSeconds;
    if (startup < 60) {
      throw new InvalidSpecException(
          "overrides.startupTimeoutSeconds", "expected >= 60, got " + startup);
    }
    return new EndpointIntent.Overrides(
        blankToNull(x.image),
        x.env == null ? List.of() : List.copyOf(x.env),
        x.resources,
        x.nodeSelector == null ? Map.of() : Map.copyOf(x.nodeSelector),
        x.tolerations == null ? List.of() : List.copyOf(x.tolerations),
        shm,
        startup,
        x.hfTokenSecret == null ? "hf-token" : x.hfTokenSecret);
  }

  private static EndpointIntent.Cache cache(AIMEndpointSpec.Cache c) {
    if (c == null || !Boolean.TRUE.equals(c.enabled)) {
      return null;
    }
    return new EndpointIntent.Cache(
        blankToNull(c.cacheRef),
        blankToNull(c.storageClassName),
        c.size == null ? null : quantity(c.size, "cache.size"));
  }

  private static String service(AIMEndpointSpec.Service s) {
    String t = s == null || s.type == null ? "ClusterIP" : s.type;
    if (!List.of("ClusterIP", "NodePort", "LoadBalancer").contains(t)) {
      throw new InvalidSpecException(
          "service.type", "'" + t + "': expected ClusterIP, NodePort or LoadBalancer");
    }
    return t;
  }

  private static int port(int p) {
    if (p < 1 || p > 65535) {
      throw new InvalidSpecException("service.port", "expected 1-65535, got " + p);
    }
    return p;
  }

  static Quantity quantity(String v, String field) {
    try {
      Quantity q = new Quantity(v);
      if (q.getNumericalAmount().signum() <= 0) {
        throw new InvalidSpecException(field, "'" + v + "': expected a positive size such as 16Gi");
      }
      return q;
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new InvalidSpecException(field, "'" + v + "': expected a size such as 16Gi");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
