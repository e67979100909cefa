package io.aimengine.cli;

import io.aimengine.core.catalog.Catalog;
import io.aimengine.core.catalog.ModelEntry;
import io.aimengine.core.model.Architecture;
import io.aimengine.core.model.ModelFacts;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aim-engine models list [--json]}. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "List model files: family, parameters, weight size, layers, KV heads, context, recipes.",
      "A weight size marked ~ is derived from the parameter count (no checkpoint size recorded)."
    })
public final class ModelsListCommand implements Callable<Integer> {
  private static final double GIB = 1024.0 * 1024 * 1024;
  private final App app;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--json", description = "Print the models as JSON (docs/recipes.md).")
  boolean json;

  public ModelsListCommand(App app) {
    this.app = app;
  }

  @Override
  public Integer call() {
    Catalog catalog = app.catalog();
    List<ModelEntry> models = catalog.models();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(
          out, models.stream().map(m -> view(m, catalog.recipesFor(m.id()).size())).toList());
      return 0;
    }
    Table t =
        new Table(
            "ID",
            "FAMILY",
            "PARAMS",
            "WEIGHTS",
            "PRECISION",
            "LAYERS",
            "KV HEADS",
            "CONTEXT",
            "RECIPES");
    for (ModelEntry m : models) {
      ModelFacts f = m.facts();
      Architecture a = f.architecture();
      long bytes = f.weightBytesAt(f.nativePrecision());
      t.row(
          m.id(),
          f.family(),
          f.parameterCount() > 0 ? String.format(Locale.ROOT, "%.1fB", f.billions()) : null,
          bytes > 0
              ? (f.weightBytes() > 0 ? "" : "~")
                  + String.format(Locale.ROOT, "%.1f GiB", bytes / GIB)
              : null,
          f.nativePrecision().label(),
          a == null ? null : a.layers(),
          a == null ? null : a.mla() != null ? "MLA" : String.valueOf(a.kvHeads()),
          a == null || a.maxContext() == 0 ? null : a.maxContext(),
          catalog.recipesFor(m.id()).size());
    }
    t.print(out);
    return 0;
  }

  static Map<String, Object> view(ModelEntry m, int recipes) {
    ModelFacts f = m.facts();
    Architecture a = f.architecture();
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", m.id());
    v.put("name", m.name());
    v.put("publisher", m.publisher());
    v.put("family", f.family());
    v.put("size", f.sizeLabel());
    v.put("readiness", m.readiness());
    v.put("parameters", f.parameterCount());
    v.put("weights_bytes", f.weightBytesAt(f.nativePrecision()));
    v.put("weights_gib", Math.round(f.weightBytesAt(f.nativePrecision()) / GIB * 100) / 100.0);
    v.put("weights_estimated", f.weightBytes() == 0);
    v.put("weights_precision", f.nativePrecision().label());
    v.put("layers", a == null ? null : a.layers());
    v.put("attention_heads", a == null ? null : a.attentionHeads());
    v.put("kv_heads", a == null ? null : a.kvHeads());
    v.put("head_dim", a == null ? null : a.headDim());
    v.put("max_context", a == null ? null : a.maxContext());
    v.put("moe", a != null && a.moe() != null);
    v.put("mla", a != null && a.mla() != null);
    v.put("variants", m.variants());
    v.put("recipes", recipes);
    v.put("file", m.file());
    return v;
  }
}
