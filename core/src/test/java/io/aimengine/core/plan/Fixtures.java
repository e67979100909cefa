package io.aimengine.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimengine.core.catalog.Catalog;
import io.aimengine.core.catalog.Metric;
import io.aimengine.core.catalog.ModelEntry;
import io.aimengine.core.catalog.Problem;
import io.aimengine.core.catalog.Recipe;
import io.aimengine.core.catalog.RecipeSource;
import io.aimengine.core.catalog.RecipeType;
import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.hardware.CpuInfo;
import io.aimengine.core.hardware.GpuCatalog;
import io.aimengine.core.hardware.Inventory;
import io.aimengine.core.model.HfConfig;
import io.aimengine.core.model.ModelFacts;
import io.aimengine.core.model.Precision;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Test fixtures: model facts from the reference configs, recipes and an in-memory catalog. */
final class Fixtures {
  private Fixtures() {}

  /** Facts from fixtures/model-configs/<org>--<name>.json plus sizes.csv total_size. */
  static ModelFacts facts(String modelId) {
    String file = "/fixtures/model-configs/" + modelId.replace("/", "--") + ".json";
    try (InputStream in = Fixtures.class.getResourceAsStream(file)) {
      JsonNode cfg = new ObjectMapper().readTree(in);
      return HfConfig.fromConfig(cfg, modelId, file, totalSize(modelId));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long totalSize(String modelId) throws IOException {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/model-configs/sizes.csv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String[] f = line.split(",");
        if (f[0].equals(modelId) && !f[1].isBlank()) {
          return Long.parseLong(f[1]);
        }
      }
    }
    return 0;
  }

  static Inventory gpus(String model, int count) {
    return Inventory.assumed(
        GpuCatalog.builtIn().require(model, "test"),
        count,
        "test",
        new CpuInfo("test", 8, 64L << 30));
  }

  /** A recipe; args are flag → value pairs. */
  static Recipe recipe(
      String id,
      String modelId,
      EngineKind engine,
      String gpu,
      int count,
      Precision p,
      Metric m,
      RecipeType type,
      Object... args) {
    Map<String, Object> a = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      a.put((String) args[i], args[i + 1]);
    }
    return new Recipe(
        id,
        modelId,
        modelId,
        engine,
        gpu,
        count,
        p,
        m,
        type,
        false,
        a,
        Map.of(),
        null,
        new RecipeSource(id + ".yaml", RecipeSource.Format.AIM_PROFILE, null));
  }

  /** vLLM general fallbacks for one GPU: the given precisions × TP 1,2,4,8 × both metrics. */
  static List<Recipe> generals(String gpu, Precision... precisions) {
    List<Recipe> out = new ArrayList<>();
    for (Precision p : precisions) {
      for (int tp : new int[] {1, 2, 4, 8}) {
        for (Metric m : Metric.values()) {
          List<Object> args =
              new ArrayList<>(
                  List.of("tensor-parallel-size", (long) tp, "gpu-memory-utilization", 0.9));
          args.addAll(
              p == Precision.FP8
                  ? List.of("quantization", "fp8", "kv-cache-dtype", "fp8")
                  : List.of("dtype", p == Precision.BF16 ? "bfloat16" : "float16"));
          String id = "general/vllm-" + gpu.toLowerCase() + "-" + p + "-tp" + tp + "-" + m;
          Recipe r =
              recipe(id, null, EngineKind.VLLM, gpu, tp, p, m, RecipeType.GENERAL, args.toArray());
          out.add(
              new Recipe(
                  r.id(),
                  null,
                  null,
                  r.engine(),
                  r.gpu(),
                  r.gpuCount(),
                  r.precision(),
                  r.metric(),
                  r.type(),
                  false,
                  r.engineArgs(),
                  r.env(),
                  null,
                  r.source()));
        }
      }
    }
    return out;
  }

  /** A catalog held in memory: model recipes by model id, general recipes by GPU. */
  static final class MemoryCatalog implements Catalog {
    final Map<String, List<Recipe>> byModel = new LinkedHashMap<>();
    final List<Recipe> general = new ArrayList<>();

    MemoryCatalog add(Recipe r) {
      if (r.modelId() == null) {
        general.add(r);
      } else {
        byModel.computeIfAbsent(r.modelId(), k -> new ArrayList<>()).add(r);
      }
      return this;
    }

    MemoryCatalog addAll(List<Recipe> rs) {
      rs.forEach(this::add);
      return this;
    }

    @Override
    public List<Recipe> recipesFor(String modelId) {
      return byModel.getOrDefault(modelId, List.of());
    }

    @Override
    public List<Recipe> generalRecipes(String gpu) {
      return general.stream().filter(r -> r.gpu().equalsIgnoreCase(gpu)).toList();
    }

    @Override
    public Optional<ModelEntry> model(String modelId) {
      return Optional.empty();
    }

    @Override
    public List<ModelEntry> models() {
      return List.of();
    }

    @Override
    public List<Recipe> allRecipes() {
      List<Recipe> all = new ArrayList<>(general);
      byModel.values().forEach(all::addAll);
      all.sort(Comparator.comparing(Recipe::id));
      return all;
    }

    @Override
    public Optional<Recipe> recipe(String id) {
      return allRecipes().stream().filter(r -> r.id().equals(id)).findFirst();
    }

    @Override
    public List<Problem> loadProblems() {
      return List.of();
    }
  }
}
