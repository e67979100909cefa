import io.aimengine.core.catalog.FileCatalog;
import io.aimengine.core.hardware.GpuCatalog;
import io.aimengine.core.hardware.GpuOverride;
import io.aimengine.core.hardware.HardwareDetector;
import io.aimengine.core.hardware.Inventory;
import io.aimengine.core.config.Settings;
import io.aimengine.core.plan.ModelFactsResolver;
import io.aimengine.core.plan.Plan;
import io.aimengine.core.plan.PlanRequest;
import io.aimengine.core.plan.Planner;
import io.aimengine.testsupport.HubServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Planning benchmarks run by bench/plan.sh as a single-file program against the CLI jar and the
 * test-support classes:
 *
 * <ol>
 *   <li>cold plan of an uncatalogued model whose facts come from the Hub stand-in (a fresh
 *       {@code bin/aim-engine plan} process per run, empty cache), then the same plan again (cached
 *       facts, offline), with the Hub requests each one made;
 *   <li>in-process planning time for one model against synthetic catalogs of 100 and 10,000
 *       recipes on disk (the model's 8 recipes plus N-8 recipes of other models): first plan in a
 *       fresh catalog object, and warm plans.
 * </ol>
 */
public class PlanBench {
  public static void main(String[] args) throws Exception {
    Path launcher = Path.of(args[0]);
    int runs = Integer.parseInt(args[1]);
    Path tmp = Files.createTempDirectory("plan-bench");
    try (HubServer hub = HubServer.start()) {
      hub.addRepo("acme/chat-13b", hubFiles());
      // What the Hub's model API sends for a 13B bf16 model (2 bytes x 13015864320 = the index's
      // total_size); a mirror without it costs the header reads below.
      hub.safetensorsSummary("acme/chat-13b", java.util.Map.of("BF16", 13_015_864_320L));
      hub.addRepo("acme/mirror-13b", hubFiles());
      for (long rttMs : new long[] {0, 50}) {
        hub.latency(java.time.Duration.ofMillis(rttMs));
        for (String model : new String[] {"acme/chat-13b", "acme/mirror-13b"}) {
          List<Long> cold = new ArrayList<>();
          List<Long> warm = new ArrayList<>();
          int coldRequests = 0;
          int warmRequests = 0;
          for (int r = 0; r < runs; r++) {
            Path home = tmp.resolve("home-" + rttMs + "-" + model.replace('/', '-') + "-" + r);
            hub.resetCounters();
            cold.add(exec(launcher, hub, home, model));
            coldRequests = hub.requestCount();
            hub.resetCounters();
            warm.add(exec(launcher, hub, home, model));
            warmRequests = hub.requestCount();
          }
          System.out.printf(
              "%s, Hub stand-in on loopback with %d ms per request: cold plan median %d ms (%d Hub"
                  + " requests), second plan median %d ms (%d requests) over %d runs%n",
              model.endsWith("chat-13b")
                  ? "uncatalogued model, Hub sends the safetensors summary"
                  : "uncatalogued model, no summary (headers by byte range)",
              rttMs,
              median(cold),
              coldRequests,
              median(warm),
              warmRequests,
              runs);
        }
      }
    }
    for (int n : new int[] {100, 10_000}) {
      Path root = tmp.resolve("catalog" + n);
      writeCatalog(root, n);
      catalogBench(root, n);
    }
  }

  static void catalogBench(Path root, int n) {
    GpuCatalog gpus = GpuCatalog.builtIn();
    Settings settings = Settings.fromSystem();
    Inventory inv =
        HardwareDetector.forSettings(settings).detect(settings, GpuOverride.flags("MI300X", 8));
    List<Long> firsts = new ArrayList<>();
    List<Long> warms = new ArrayList<>();
    String chosen = "";
    for (int round = 0; round < 7; round++) {
      FileCatalog catalog = new FileCatalog(List.of(root, FileCatalog.builtInRoot()), gpus);
      for (int i = 0; i < 20; i++) {
        long t0 = System.nanoTime();
        var facts = new ModelFactsResolver(catalog).resolve("bench/model-0000");
        Plan p = new Planner(gpus).plan(PlanRequest.of("bench/model-0000"), inv, Set.of(), catalog, facts);
        long us = (System.nanoTime() - t0) / 1000;
        (i == 0 ? firsts : warms).add(us);
        chosen = p.recipe().id();
      }
    }
    System.out.printf(
        "synthetic catalog of %,d recipes: first plan (fresh catalog, reads the files) median %d µs,"
            + " warm plan median %d µs; chose %s%n",
        n, median(firsts.subList(2, firsts.size())), median(warms), chosen);
  }

  /** N recipe files: 8 for bench/model-0000, the rest spread over other models, 10 per model. */
  static void writeCatalog(Path root, int n) throws Exception {
    Path models = root.resolve("models/bench");
    Files.createDirectories(models);
    int perModel = 8;
    int made = 0;
    for (int m = 0; made < n; m++) {
      String name = String.format("model-%04d", m);
      Files.writeString(
          models.resolve(name + ".yaml"),
          "id: bench/" + name + "\nsize: 8B\nparameters: 8030261248\nweights: {precision: bf16,"
              + " bytes: 16060522496}\narchitecture: {model_type: llama, num_hidden_layers: 32,"
              + " hidden_size: 4096, intermediate_size: 14336, num_attention_heads: 32,"
              + " num_key_value_heads: 8, vocab_size: 128256, max_position_embeddings: 131072}\n");
      Path dir = root.resolve("recipes/bench/" + name);
      Files.createDirectories(dir);
      for (int i = 0; i < perModel && made < n; i++, made++) {
        int tp = 1 << (i % 4);
        String metric = i < 4 ? "latency" : "throughput";
        Files.writeString(
            dir.resolve("vllm-mi300x-bf16-tp" + tp + "-" + metric + ".yaml"),
            "aim_id: bench/" + name + "\nmodel_id: bench/" + name + "\nmetadata:\n  engine: vllm\n"
                + "  gpu: MI300X\n  gpu_count: " + tp + "\n  manual_selection_only: false\n"
                + "  metric: " + metric + "\n  precision: bf16\n  type: optimized\nengine_args:\n"
                + "  tensor-parallel-size: " + tp + "\n  max-model-len: 32768\n"
                + "  gpu-memory-utilization: 0.9\nenv_vars:\n  VLLM_ROCM_USE_AITER: '1'\n",
            StandardCharsets.UTF_8);
      }
    }
  }

  static Map<String, byte[]> hubFiles() {
    Map<String, byte[]> f = new LinkedHashMap<>();
    f.put(
        "config.json",
        ("{\"model_type\":\"llama\",\"hidden_size\":5120,\"intermediate_size\":13824,"
                + "\"num_hidden_layers\":40,\"num_attention_heads\":40,\"num_key_value_heads\":40,"
                + "\"vocab_size\":32000,\"max_position_embeddings\":4096,\"torch_dtype\":\"bfloat16\"}")
            .getBytes(StandardCharsets.UTF_8));
    f.put(
        "model.safetensors.index.json",
        "{\"metadata\":{\"total_size\":26031728640},\"weight_map\":{}}"
            .getBytes(StandardCharsets.UTF_8));
    f.put("model-00001-of-00002.safetensors", HubServer.bytes(100_000, 1));
    f.put("model-00002-of-00002.safetensors", HubServer.bytes(100_000, 2));
    return f;
  }

  static long exec(Path launcher, HubServer hub, Path home, String model) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
            launcher.toString(), "plan", model, "--gpu", "MI300X", "--gpu-count", "2");
    pb.environment().put("AIM_HOME", home.toString());
    pb.environment().put("HF_ENDPOINT", hub.endpoint());
    pb.environment().put("AIM_SKIP_BUILD", "1");
    pb.redirectErrorStream(true);
    long t0 = System.nanoTime();
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    int code = p.waitFor();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    if (code != 0 || !out.contains("config.json")) {
      throw new IllegalStateException("plan failed (" + code + "): " + out);
    }
    return ms;
  }

  static long median(List<Long> xs) {
    List<Long> s = new ArrayList<>(xs);
    s.sort(null);
    return s.get(s.size() / 2);
  }
}
