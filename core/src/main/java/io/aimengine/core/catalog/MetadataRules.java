package io.aimengine.core.catalog;

import io.aimengine.core.engine.EngineVersion;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Metadata: a pinned engine version that parses, a GPU AIM Engine can plan for, a model file for
 * the model (memory planning otherwise reads the model's own config.json), a file name and
 * directory that agree with the metadata (the catalog indexes recipes by directory), and a {@code
 * model} argument that does not silently disagree with the model the recipe serves.
 */
final class MetadataRules {
  private static final Pattern AIM_NAME =
      Pattern.compile(
          "(vllm|sglang|llamacpp)-(.+)-(fp4|fp8|fp16|fp32|bf16|int4|int8)-tp(\\d+)-(latency|throughput)");

  private MetadataRules() {}

  static void check(RecipeCheck c) {
    Recipe r = c.recipe();
    if (r.engineVersion() != null && EngineVersion.find(r.engineVersion()).isEmpty()) {
      c.error(
          c.metaField("engine_version"),
          "'" + r.engineVersion() + "' is not an engine version; expected e.g. 0.11.0");
    }
    if (c.gpu().isEmpty() && !"CPU".equals(r.gpu())) {
      c.warn(
          c.metaField("gpu"),
          "GPU model "
              + r.gpu()
              + " is not in AIM Engine's GPU table; the recipe can only be chosen with --recipe");
    }
    if (!r.isGeneral() && c.model().isEmpty()) {
      c.warn(
          c.isPrototype() ? "model_id" : "aim_id",
          "no model file for "
              + (r.modelId() == null ? r.servedModel() : r.modelId())
              + " in the catalog; memory planning will read the model's own config.json"
              + " (add models/<org>/<model>.yaml)");
    }
    if (!c.isPrototype()) {
      fileName(c);
      directory(c);
    }
    modelArg(c);
  }

  private static void fileName(RecipeCheck c) {
    Recipe r = c.recipe();
    String stem = stem(Path.of(c.file()).getFileName().toString());
    Matcher m = AIM_NAME.matcher(stem);
    if (!m.matches()) {
      return;
    }
    StringBuilder wrong = new StringBuilder();
    compare(wrong, "engine", m.group(1), r.engine().label());
    compare(wrong, "gpu", m.group(2), r.gpu().toLowerCase(Locale.ROOT));
    compare(wrong, "precision", m.group(3), r.precision().label());
    if (r.gpuCount() > 0) { // CPU recipes have no GPUs to count
      compare(wrong, "gpu_count", m.group(4), String.valueOf(r.gpuCount()));
    }
    compare(wrong, "metric", m.group(5), r.metric().label());
    if (!wrong.isEmpty()) {
      c.warn(
          "",
          "file name "
              + stem
              + " disagrees with the metadata ("
              + wrong
              + "); name it "
              + r.engine().label()
              + "-"
              + r.gpu().toLowerCase(Locale.ROOT)
              + "-"
              + r.precision().label()
              + "-tp"
              + r.gpuCount()
              + "-"
              + r.metric().label());
    }
  }

  private static void compare(StringBuilder out, String what, String inName, String inMeta) {
    if (!inName.equalsIgnoreCase(inMeta)) {
      out.append(out.isEmpty() ? "" : ", ")
          .append(what)
          .append(": name says ")
          .append(inName)
          .append(", metadata ")
          .append(inMeta);
    }
  }

  /** Inside a catalog tree (under recipes/ or profiles/), org/model directories name the model. */
  private static void directory(RecipeCheck c) {
    Recipe r = c.recipe();
    if (r.isGeneral() || r.modelId() == null || !r.modelId().contains("/")) {
      return;
    }
    Path file = Path.of(c.file()).normalize();
    Path dir = file.getParent();
    if (dir == null || dir.getParent() == null || !insideCatalog(dir)) {
      return;
    }
    String org = dir.getParent().getFileName().toString();
    String model = dir.getFileName().toString();
    String expected = r.modelId();
    if (!(org + "/" + model).equalsIgnoreCase(expected)) {
      c.warn(
          "aim_id",
          "the file lives in "
              + org
              + "/"
              + model
              + "/ but aim_id is "
              + expected
              + "; the catalog indexes recipes by directory, so it would be offered for "
              + org
              + "/"
              + model);
    }
  }

  private static boolean insideCatalog(Path dir) {
    for (Path p = dir; p != null; p = p.getParent()) {
      if (p.getFileName() != null) {
        String n = p.getFileName().toString();
        if (n.equals("recipes") || n.equals("profiles")) {
          return true;
        }
      }
    }
    return false;
  }

  private static void modelArg(RecipeCheck c) {
    String flag =
        c.recipe().engine() == io.aimengine.core.engine.EngineKind.SGLANG ? "model-path" : "model";
    c.arg(flag)
        .ifPresent(
            a -> {
              String served = c.recipe().servedModel();
              if (a.value() != null
                  && served != null
                  && !served.equals(String.valueOf(a.value()))) {
                c.warn(
                    c.argField(a.key()),
                    "--"
                        + flag
                        + " "
                        + a.value()
                        + " is ignored: AIM Engine serves "
                        + served
                        + " (the recipe's model_id)");
              }
            });
  }

  private static String stem(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }
}
