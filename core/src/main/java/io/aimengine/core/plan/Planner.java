package io.aimengine.core.plan;

import io.aimengine.core.AimException;
import io.aimengine.core.catalog.Catalog;
import io.aimengine.core.catalog.Measurement;
import io.aimengine.core.catalog.Metric;
import io.aimengine.core.catalog.Recipe;
import io.aimengine.core.catalog.RecipeType;
import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.hardware.GpuCatalog;
import io.aimengine.core.hardware.GpuDevice;
import io.aimengine.core.hardware.Inventory;
import io.aimengine.core.model.GgufQuant;
import io.aimengine.core.model.HubRepo;
import io.aimengine.core.model.ModelFacts;
import io.aimengine.core.model.ModelIds;
import io.aimengine.core.model.Precision;
import io.aimengine.core.model.RepoFiles;
import io.aimengine.core.plan.Candidate.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The deployment decision: a pure function of (request, inventory, GPUs in use, catalog, model
 * facts) → {@link Plan}. No I/O besides reading the catalog through its interface. Rules are
 * documented in docs/recipes.md ("How a recipe is chosen"):
 *
 * <ol>
 *   <li>Target: the GPU model with the most free devices (CPU for llama.cpp without GPU recipes).
 *   <li>Candidates: the model's recipes plus the target's general fallbacks; filters reject other
 *       engines, GPUs, manual-only recipes, precisions, counts and invalid parallelism.
 *   <li>Precision stages: the customer's precision, else the size rule's choice then bf16 → fp16 →
 *       fp8, grouped by memory class (16-bit before 8-bit).
 *   <li>GPU count: the customer's (capped at what is free), else the smallest of 1, 2, 4, 8 where a
 *       recipe fits, else (no memory facts) the original size table.
 *   <li>Among recipes that fit at that stage and count: {@link Ranking}.
 * </ol>
 *
 * Thread-safe (stateless).
 */
public final class Planner {
  private final GpuCatalog gpus;

  public Planner(GpuCatalog gpus) {
    this.gpus = gpus;
  }

  /**
   * Plans {@code request}.
   *
   * @throws NoFeasiblePlanException when nothing fits (exit 3), with the smallest change that would
   * @throws AimException when there is no hardware to plan for or the request is invalid
   */
  public Plan plan(
      PlanRequest request,
      Inventory inventory,
      Set<Integer> gpusInUse,
      Catalog catalog,
      ModelFacts facts) {
    EngineKind engine =
        request.engine() != null ? request.engine() : defaultEngine(request.model(), facts);
    Optional<String> tag = ModelIds.ggufTag(request.model());
    HubRepo listing = facts.repo();
    if (tag.isPresent() && engine != EngineKind.LLAMACPP) {
      throw AimException.invalid(
          request.model()
              + ": the :"
              + tag.get()
              + " tag names a GGUF quantization, which llama.cpp serves; use --backend llamacpp,"
              + " or drop the tag for "
              + engine);
    }
    if (engine != EngineKind.LLAMACPP || listing == null) {
      return planOne(request, engine, inventory, gpusInUse, catalog, facts);
    }
    return planGguf(request, tag, listing, inventory, gpusInUse, catalog, facts);
  }

  /**
   * llama.cpp on a Hub repo: one of its GGUF files, the best quantization that fits (or the one the
   * {@code :QUANT} tag names), planned as that file's size and precision. A repo without GGUF files
   * is invalid input, said before anything is downloaded.
   */
  private Plan planGguf(
      PlanRequest request,
      Optional<String> tag,
      HubRepo listing,
      Inventory inventory,
      Set<Integer> gpusInUse,
      Catalog catalog,
      ModelFacts facts) {
    List<GgufQuant> quants = listing.ggufQuants();
    if (quants.isEmpty()) {
      throw AimException.invalid(
          listing.id()
              + ": llama.cpp serves GGUF files and this repo has none"
              + (listing.hasSafetensors()
                  ? " (it holds safetensors weights): use --backend vllm or sglang, or a GGUF"
                      + " conversion of it (often named "
                      + listing.id()
                      + "-GGUF)"
                  : ""));
    }
    if (tag.isPresent()) {
      List<GgufQuant> named = quants.stream().filter(q -> q.is(tag.get())).toList();
      if (named.isEmpty()) {
        throw AimException.invalid(
            listing.id()
                + " has no GGUF file for :"
                + tag.get()
                + "; it has "
                + String.join(", ", quants.stream().map(GgufQuant::name).toList()));
      }
      quants = named;
    }
    List<String> skipped = new ArrayList<>();
    NoFeasiblePlanException last = null;
    for (GgufQuant q : quants) {
      try {
        Plan p =
            planOne(request, EngineKind.LLAMACPP, inventory, gpusInUse, catalog, facts.asGguf(q));
        String file =
            "GGUF file: "
                + q.name()
                + " ("
                + Gib.format(q.bytes())
                + (q.files().size() > 1 ? " in " + q.files().size() + " parts" : "")
                + ", "
                + q.files().get(0)
                + "): ";
        String why =
            tag.isPresent()
                ? "as the :" + tag.get() + " tag asks"
                : quants.size() == 1
                    ? "the repo's only quantization"
                    : skipped.isEmpty()
                        ? "the best of the repo's " + quants.size() + " quantizations, and it fits"
                        : "the best that fits (" + String.join(", ", skipped) + " do not)";
        return p.withReasonsFirst(List.of(file + why))
            .withModelFiles(new RepoFiles(listing.id(), listing.commit(), q.files()));
      } catch (NoFeasiblePlanException e) {
        skipped.add(q.name() + " " + Gib.format(q.bytes()));
        last = e;
      }
    }
    throw last;
  }

  private Plan planOne(
      PlanRequest request,
      EngineKind engine,
      Inventory inventory,
      Set<Integer> gpusInUse,
      Catalog catalog,
      ModelFacts facts) {
    Metric metric = request.metric() != null ? request.metric() : Metric.LATENCY;
    List<String> reasons = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    if (request.engine() == null && engine == EngineKind.LLAMACPP) {
      reasons.add(
          "engine: llamacpp, because "
              + (facts.repo() != null ? "the repo holds GGUF files" : "the model is a GGUF file"));
    }

    List<Recipe> pool = new ArrayList<>();
    boolean explicit = request.recipeId() != null;
    if (explicit) {
      pool.add(
          catalog
              .recipe(request.recipeId())
              .orElseThrow(
                  () ->
                      AimException.notFound(
                          "--recipe: no recipe '"
                              + request.recipeId()
                              + "' in the catalog (aim-engine recipes list)")));
    }
    Target target =
        new TargetSelector(gpus)
            .select(engine, inventory, gpusInUse, catalog, request.model(), reasons, warnings);
    if (!explicit) {
      pool.addAll(catalog.recipesFor(ModelIds.repo(request.model())));
      pool.addAll(catalog.generalRecipes(target.name()));
    }
    FlagCompatibility flags = new FlagCompatibility(engine, request.engineVersion());
    request.argOverrides().keySet().forEach(flags::checkOverride);
    pool = pool.stream().map(r -> withOverrides(r, request.argOverrides())).toList();
    reasons.add(describeModel(request.model(), facts));

    List<Precision> preference =
        request.precision() != null
            ? List.of(request.precision())
            : engine == EngineKind.LLAMACPP
                ? SelectionRules.storedFirst(facts)
                : SelectionRules.preferenceOrder(facts);
    List<List<Precision>> stages =
        request.precision() != null
            ? List.of(List.of(request.precision()))
            : engine == EngineKind.LLAMACPP
                ? List.of(preference)
                : SelectionRules.stages(preference, facts);
    reasons.add(
        engine == EngineKind.LLAMACPP && request.precision() == null
            ? "precision: "
                + facts.nativePrecision()
                + ", as the model file stores it (llama.cpp serves it as stored)"
            : describePrecision(request, facts, stages));
    List<Integer> counts = counts(request, target, facts, reasons, warnings);

    Map<String, Candidate> evaluated = new LinkedHashMap<>();
    CandidateFilter filter =
        new CandidateFilter(
            engine,
            target,
            request,
            explicit,
            preference,
            counts,
            facts,
            flags,
            inventory.cpu() == null
                ? null
                : Measurement.cpuHardware(inventory.cpu().model(), inventory.cpu().cores()));
    for (Recipe r : pool) {
      evaluated.put(r.id(), filter.evaluate(r));
    }

    Comparator<Recipe> rank = Ranking.comparator(metric, preference, pool);
    // Model-specific recipes (optimized, preview, unoptimized) before general fallbacks: a tuned
    // recipe on more GPUs beats a general one that squeezes onto fewer.
    for (boolean general : new boolean[] {false, true}) {
      for (List<Precision> stage : stages) {
        for (int count : counts) {
          List<Candidate> fits =
              evaluated.values().stream()
                  .filter(c -> c.verdict() == Verdict.FITS)
                  .filter(c -> c.recipe().isGeneral() == general)
                  .filter(c -> stage.contains(c.recipe().precision()))
                  .filter(c -> target.isCpu() || c.recipe().gpuCount() == count)
                  .sorted((a, b) -> rank.compare(a.recipe(), b.recipe()))
                  .toList();
          if (!fits.isEmpty()) {
            if (stage != stages.get(0)) {
              reasons.add(describeFallback(stages.get(0), evaluated.values(), target));
            }
            return withMig(
                build(
                    request, engine, metric, target, facts, fits, evaluated, rank, reasons,
                    warnings, flags),
                inventory);
          }
        }
      }
    }
    throw nothingFits(request, engine, target, facts, stages, evaluated.values(), rank, reasons);
  }

  /** llama.cpp for a GGUF file, a {@code :QUANT} tag or a repo of GGUF files only; else vLLM. */
  static EngineKind defaultEngine(String model, ModelFacts facts) {
    HubRepo listing = facts.repo();
    boolean ggufRepo =
        listing != null && !listing.hasSafetensors() && !listing.ggufQuants().isEmpty();
    return ModelIds.namesGguf(model) || ggufRepo ? EngineKind.LLAMACPP : EngineKind.VLLM;
  }

  private Plan build(
      PlanRequest request,
      EngineKind engine,
      Metric metric,
      Target target,
      ModelFacts facts,
      List<Candidate> fits,
      Map<String, Candidate> evaluated,
      Comparator<Recipe> rank,
      List<String> reasons,
      List<String> warnings,
      FlagCompatibility flags) {
    Candidate best = fits.get(0);
    Recipe chosen = best.recipe();
    MemoryEstimate mem = best.memory();
    int count = chosen.gpuCount();
    reasons.add(describeCount(request, target, facts, chosen, count));
    reasons.add(
        "recipe: "
            + chosen.id()
            + " ("
            + chosen.type()
            + ", "
            + chosen.metric()
            + ", "
            + chosen.precision()
            + ")"
            + (fits.size() > 1
                ? ", best of " + fits.size() + " that fit"
                : ", the only one that fits")
            + (target.isCpu() ? "" : " on " + count + " GPU" + (count == 1 ? "" : "s")));
    if (chosen.type() == RecipeType.MEASURED && chosen.measured() != null) {
      reasons.add(MeasuredReason.describe(chosen, evaluated.values()));
    }
    Map<String, Object> args = new LinkedHashMap<>(chosen.engineArgs());
    if (facts.nativePrecision().bits() < 16) {
      // The checkpoint is already quantized: the engine reads the method from its config.json, and
      // an online --quantization on top of it fails or double-quantizes.
      args.keySet()
          .removeIf(
              k -> {
                boolean q = Recipe.canonicalFlag(k).equals("quantization");
                if (q) {
                  warnings.add(
                      "dropped --quantization "
                          + chosen.engineArgs().get(k)
                          + ": the checkpoint is stored at "
                          + facts.nativePrecision()
                          + " already");
                }
                return q;
              });
    }
    if (mem != null) {
      reasons.add(describeMemory(mem, target));
      if (mem.kvBytesPerToken() == 0) {
        warnings.add(
            "KV cache not sized: no architecture facts for "
                + request.model()
                + "; weights sized from the "
                + fmt(facts.billions())
                + "B in its name");
      } else if (!target.isCpu()) {
        reasons.add(describeConcurrency(mem));
      }
      if (mem.maxModelLenLoweredFrom() > 0) {
        args.put(contextFlag(engine), mem.maxModelLen());
        warnings.add(
            contextFlag(engine)
                + " lowered from "
                + mem.maxModelLenLoweredFrom()
                + " to "
                + mem.maxModelLen()
                + " so the KV cache meets the headroom ("
                + Headroom.SEQUENCES
                + " × "
                + Headroom.TYPICAL_TOKENS
                + " tokens and one full context)");
      }
    } else {
      warnings.add("memory fit not checked: no architecture facts for " + request.model());
    }
    Recipe finalRecipe =
        chosen
            .withEngineArgs(flags.adapt(args, warnings))
            .withEnv(flags.adaptEnv(chosen.env(), warnings));
    reasons.add("flags: fitted to " + engine + " " + flags.target());

    List<Candidate> ordered = new ArrayList<>();
    ordered.add(new Candidate(chosen, Verdict.SELECTED, "selected: " + best.reason(), mem));
    for (Candidate c : evaluated.values()) {
      if (c == best) {
        continue;
      }
      if (c.verdict() == Verdict.FITS) {
        String why =
            !chosen.isGeneral() && c.recipe().isGeneral()
                ? "not chosen: a recipe for this model fits (model recipes before general ones)"
                : c.recipe().gpuCount() != count && !target.isCpu()
                    ? "not chosen: "
                        + count
                        + " GPU"
                        + (count == 1 ? "" : "s")
                        + " suffice (smallest count wins)"
                    : !sameStage(c.recipe().precision(), chosen.precision())
                        ? "not chosen: "
                            + chosen.precision()
                            + " is preferred over "
                            + c.recipe().precision()
                        : "not chosen: ranks below "
                            + chosen.id()
                            + " ("
                            + rankWhy(chosen, c.recipe(), metric)
                            + ")";
        ordered.add(new Candidate(c.recipe(), Verdict.FITS, c.reason() + "; " + why, c.memory()));
      } else {
        ordered.add(c);
      }
    }
    ordered.sort(candidateOrder(rank));
    MemoryEstimator.Parallelism par = MemoryEstimator.parallelism(chosen);
    List<Integer> indices = target.isCpu() ? List.of() : target.freeIndices().subList(0, count);
    String served = chosen.servedModel() != null ? chosen.servedModel() : request.model();
    return new Plan(
        request.model(),
        served,
        engine,
        target.name(),
        target.isCpu() ? 0 : count,
        indices,
        par.tp(),
        par.pp(),
        chosen.precision(),
        chosen.metric(),
        finalRecipe,
        mem,
        ordered,
        reasons,
        warnings,
        facts,
        flags.target(),
        null,
        request.revision(),
        List.of());
  }

  /** The plan naming the MIG instances it runs on, when its devices are MIG instances. */
  private static Plan withMig(Plan p, Inventory inventory) {
    List<String> ids = migDevices(inventory, p.gpuIndices());
    return ids.isEmpty() ? p : p.withMigDevices(ids);
  }

  /** The MIG instance ids of the chosen devices, when they are MIG instances (else empty). */
  private static List<String> migDevices(Inventory inventory, List<Integer> indices) {
    List<String> ids = new ArrayList<>();
    for (GpuDevice d : inventory.gpus()) {
      if (indices.contains(d.index()) && d.isMigInstance()) {
        ids.add(d.uniqueId());
      }
    }
    return ids.size() == indices.size() ? ids : List.of();
  }

  private NoFeasiblePlanException nothingFits(
      PlanRequest request,
      EngineKind engine,
      Target target,
      ModelFacts facts,
      List<List<Precision>> stages,
      java.util.Collection<Candidate> evaluated,
      Comparator<Recipe> rank,
      List<String> reasons) {
    List<Candidate> ordered = new ArrayList<>(evaluated);
    ordered.sort(candidateOrder(rank));
    String where = target.isCpu() ? "the CPU" : target.available() + " × " + target.name();
    String suggestion =
        Suggestion.smallestChange(engine, target, facts, stages, request.gpuCount());
    List<Candidate> tooBig =
        ordered.stream().filter(c -> c.verdict() == Verdict.DOES_NOT_FIT).toList();
    String message;
    if (!tooBig.isEmpty()) {
      Candidate closest =
          tooBig.stream()
              .min(
                  Comparator.comparingDouble(
                      c -> c.memory().totalPerGpu() / (double) c.memory().budgetPerGpu()))
              .get();
      MemoryEstimate m = closest.memory();
      message =
          request.model()
              + " does not fit on "
              + where
              + " (closest: "
              + closest.recipe().precision()
              + " on "
              + closest.recipe().gpuCount()
              + " needs "
              + Gib.format(m.totalPerGpu())
              + "/GPU, budget "
              + Gib.format(m.budgetPerGpu())
              + ")"
              + (suggestion == null ? "" : ": " + suggestion);
    } else {
      Map<String, Integer> byVerdict = new LinkedHashMap<>();
      for (Candidate c : ordered) {
        byVerdict.merge(c.verdict().code(), 1, Integer::sum);
      }
      message =
          (ordered.isEmpty()
                  ? "no "
                      + engine
                      + " recipe for "
                      + request.model()
                      + " on "
                      + target.name()
                      + " in the catalog"
                  : "no "
                      + engine
                      + " recipe for "
                      + request.model()
                      + " matches "
                      + where
                      + " ("
                      + summary(byVerdict)
                      + ")")
              + (suggestion == null ? "" : ": " + suggestion);
    }
    return new NoFeasiblePlanException(message, ordered, reasons, suggestion);
  }

  private static String summary(Map<String, Integer> byVerdict) {
    List<String> parts = new ArrayList<>();
    byVerdict.forEach((k, v) -> parts.add(v + " " + k));
    return String.join(", ", parts);
  }

  private static Comparator<Candidate> candidateOrder(Comparator<Recipe> rank) {
    return (a, b) -> {
      int c = Integer.compare(verdictOrder(a.verdict()), verdictOrder(b.verdict()));
      return c != 0 ? c : rank.compare(a.recipe(), b.recipe());
    };
  }

  private static int verdictOrder(Verdict v) {
    return switch (v) {
      case SELECTED -> 0;
      case FITS -> 1;
      case DOES_NOT_FIT -> 2;
      default -> 3;
    };
  }

  private static List<Integer> counts(
      PlanRequest request,
      Target target,
      ModelFacts facts,
      List<String> reasons,
      List<String> warnings) {
    if (target.isCpu()) {
      return List.of(0);
    }
    int available = target.available();
    if (request.gpuCount() != null) {
      int asked = request.gpuCount();
      if (asked <= 0) {
        throw AimException.invalid("GPU_COUNT: expected a positive number of GPUs, got " + asked);
      }
      if (asked > available) {
        warnings.add(
            "asked for "
                + asked
                + " GPUs but only "
                + available
                + " × "
                + target.name()
                + " are free: planning for "
                + available);
      }
      return List.of(Math.min(asked, available));
    }
    if (facts.hasMemoryFacts()) {
      return SelectionRules.COUNTS.stream().filter(c -> c <= available).toList();
    }
    int table = SelectionRules.sizeTableCount(facts);
    int count =
        table == 0
            ? SelectionRules.largestCountWithin(available)
            : Math.min(table, SelectionRules.largestCountWithin(available));
    if (table > available) {
      warnings.add(
          "the size table asks for " + table + " GPUs but only " + available + " are free");
    }
    return count == 0 ? List.of() : List.of(count);
  }

  private static Recipe withOverrides(Recipe r, Map<String, Object> overrides) {
    if (overrides.isEmpty()) {
      return r;
    }
    Map<String, Object> args = new LinkedHashMap<>(r.canonicalArgs());
    overrides.forEach(
        (k, v) -> {
          String key = Recipe.canonicalFlag(k);
          args.remove(key.startsWith("no-") ? key.substring(3) : "no-" + key);
          args.put(key, v);
        });
    return r.withEngineArgs(args);
  }

  static String contextFlag(EngineKind engine) {
    return switch (engine) {
      case VLLM -> "max-model-len";
      case SGLANG -> "context-length";
      case LLAMACPP -> "ctx-size";
    };
  }

  private static boolean sameStage(Precision a, Precision b) {
    return a.bits() == b.bits();
  }

  private static String rankWhy(Recipe winner, Recipe loser, Metric metric) {
    if (winner.type() != loser.type()) {
      return winner.type() + " beats " + loser.type();
    }
    if (winner.metric() != loser.metric()) {
      return metric + " was asked";
    }
    if (winner.precision() != loser.precision()) {
      return winner.precision() + " preferred";
    }
    return "tie broken by id";
  }

  private static String describeModel(String model, ModelFacts facts) {
    if (!facts.hasMemoryFacts()) {
      return "model: "
          + model
          + ": no memory facts ("
          + (facts.source().startsWith("none: ")
              ? facts.source().substring(6)
              : "not in the catalog, no config.json found")
          + ")"
          + (facts.billions() > 0 ? "; size " + fmt(facts.billions()) + "B from its name" : "");
    }
    return "model: "
        + model
        + ": "
        + fmt(facts.parameterCount() / 1e9)
        + "B parameters, "
        + Gib.format(facts.weightBytesAt(facts.nativePrecision()))
        + " at "
        + facts.nativePrecision()
        + (facts.architecture().moe() != null
            ? ", MoE " + facts.architecture().moe().experts() + " experts"
            : "")
        + (facts.architecture().mla() != null ? ", MLA KV cache" : "")
        + " ("
        + facts.source()
        + ")";
  }

  private static String describePrecision(
      PlanRequest request, ModelFacts facts, List<List<Precision>> stages) {
    if (request.precision() != null) {
      return "precision: " + request.precision() + " as asked";
    }
    Precision head = SelectionRules.sizeRulePrecision(facts);
    String rule =
        facts.billions() <= 0
            ? "size unknown"
            : facts.billions() <= 8.5 ? "8B and smaller" : "larger than 8B";
    List<String> order = new ArrayList<>();
    for (List<Precision> s : stages) {
      order.add(String.join("/", s.stream().map(Precision::label).toList()));
    }
    return "precision: "
        + head
        + " preferred (size rule: "
        + rule
        + " → "
        + head
        + "); stages tried in order: "
        + String.join(" then ", order);
  }

  private static String describeCount(
      PlanRequest request, Target target, ModelFacts facts, Recipe chosen, int count) {
    if (target.isCpu()) {
      return "hardware: CPU";
    }
    if (request.gpuCount() != null) {
      return "GPU count: "
          + count
          + (count == request.gpuCount()
              ? " as asked"
              : " (asked " + request.gpuCount() + ", capped at what is free)");
    }
    if (!facts.hasMemoryFacts()) {
      return "GPU count: " + count + " from the size table (memory facts unknown)";
    }
    return "GPU count: "
        + count
        + ", the smallest of 1, 2, 4, 8 at which a "
        + (chosen.isGeneral() ? "recipe" : "recipe for this model")
        + " fits with the KV-cache headroom (docs/recipes.md, \"Headroom\")";
  }

  private static String describeMemory(MemoryEstimate m, Target target) {
    String where = target.isCpu() ? "host" : "GPU";
    return "memory per "
        + where
        + ": weights "
        + Gib.format(m.weightsPerGpu())
        + " + runtime "
        + Gib.format(m.overheadPerGpu())
        + (m.kvBytesPerToken() > 0
            ? " + KV "
                + Gib.format(m.kvCachePerGpu())
                + " (headroom: "
                + m.headroomTokens()
                + " tokens)"
            : " + KV not sized (no architecture facts)")
        + " = "
        + Gib.format(m.totalPerGpu())
        + " of "
        + Gib.format(m.budgetPerGpu())
        + " budget ("
        + FixedDecimal.format(m.utilization(), 2)
        + " × "
        + Gib.format(m.deviceMemory())
        + ")";
  }

  private static String describeConcurrency(MemoryEstimate m) {
    return "concurrency: KV pool "
        + Gib.format(m.kvPoolPerGpu())
        + "/GPU = "
        + m.kvPoolTokens()
        + " tokens: "
        + FixedDecimal.format(m.concurrency(), 1)
        + " sequences at the full "
        + m.maxModelLen()
        + "-token context, "
        + m.sequencesAt(Headroom.TYPICAL_TOKENS)
        + " at "
        + Math.min(Headroom.TYPICAL_TOKENS, m.maxModelLen())
        + " tokens (headroom rule: at least "
        + Headroom.SEQUENCES
        + " × "
        + Headroom.TYPICAL_TOKENS
        + " tokens and one full context)";
  }

  private static String describeFallback(
      List<Precision> first, java.util.Collection<Candidate> evaluated, Target target) {
    Candidate closest =
        evaluated.stream()
            .filter(
                c -> c.verdict() == Verdict.DOES_NOT_FIT && first.contains(c.recipe().precision()))
            .min(Comparator.comparingLong(c -> c.memory().totalPerGpu()))
            .orElse(null);
    String stage = String.join("/", first.stream().map(Precision::label).toList());
    if (closest == null) {
      return "precision fallback: no " + stage + " recipe matches " + target.name();
    }
    return "precision fallback: "
        + stage
        + " does not fit on up to "
        + target.available()
        + " × "
        + target.name()
        + " (smallest need: "
        + closest.recipe().precision()
        + " on "
        + closest.recipe().gpuCount()
        + " GPUs needs "
        + Gib.format(closest.memory().totalPerGpu())
        + "/GPU, budget "
        + Gib.format(closest.memory().budgetPerGpu())
        + ")";
  }

  static String fmt(double d) {
    return FixedDecimal.format(d, d >= 100 ? 0 : 1);
  }
}
