package io.aimengine.cli;

import io.aimengine.core.engine.BindAddress;
import io.aimengine.core.engine.LaunchSpec;
import io.aimengine.core.model.Precision;
import io.aimengine.core.plan.Candidate;
import io.aimengine.core.plan.Candidate.Verdict;
import io.aimengine.core.plan.FixedDecimal;
import io.aimengine.core.plan.Gib;
import io.aimengine.core.plan.Plan;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The human form of a plan: the choice, why, what was rejected, and the command. */
public final class PlanText {
  /** Verdicts too common to list one by one; they are counted instead. */
  private static final Set<Verdict> SUMMARISED =
      EnumSet.of(Verdict.ENGINE_MISMATCH, Verdict.GPU_MISMATCH);

  private PlanText() {}

  /** The plan, then which runtime a launch would use and why. */
  public static void print(
      PrintWriter out,
      Plan p,
      LaunchSpec spec,
      io.aimengine.runtime.endpoint.RuntimeChoice choice,
      Colour colour) {
    print(out, p, spec, colour);
    out.println();
    out.println("Runtime");
    out.println(
        "  "
            + (choice.runtime() == null ? "none available" : choice.runtime())
            + ": "
            + choice.why());
    out.flush();
  }

  public static void print(PrintWriter out, Plan p, LaunchSpec spec) {
    print(out, p, spec, Colour.OFF);
  }

  static void print(PrintWriter out, Plan p, LaunchSpec spec, Colour colour) {
    out.println("Plan for " + p.model());
    if (p.pinnedRevision()) {
      row(out, "revision", p.revision() + " (of " + p.servedModel() + ")");
    }
    for (io.aimengine.core.engine.CompanionRepos.Companion c :
        io.aimengine.core.engine.CompanionRepos.of(p)) {
      row(
          out,
          "also pulls",
          c.repo() + "@" + c.revision() + " (" + c.role() + ", --" + c.flag() + ")");
    }
    row(out, "engine", p.engine().label());
    row(
        out,
        "hardware",
        p.gpuCount() == 0
            ? "CPU"
            : p.gpuCount()
                + " × "
                + p.gpuModel()
                + " (GPU "
                + join(p.gpuIndices())
                + "), TP "
                + p.tensorParallelSize()
                + (p.pipelineParallelSize() > 1 ? " × PP " + p.pipelineParallelSize() : ""));
    Precision weights = p.weightsPrecision();
    row(
        out,
        "precision",
        p.precision().label()
            + (weights == p.precision()
                ? ""
                : " (weights "
                    + weights.label()
                    + (p.facts() != null && weights == p.facts().nativePrecision()
                        ? ", as the checkpoint stores them)"
                        : ", quantized on load)")));
    row(
        out,
        "recipe",
        p.recipe().id() + " (" + p.recipe().type() + ", " + p.recipe().metric() + ")");
    if (p.memory() != null) {
      row(
          out,
          p.gpuCount() == 0 ? "memory" : "memory/GPU",
          Gib.format(p.memory().totalPerGpu())
              + " of "
              + Gib.format(p.memory().budgetPerGpu())
              + " budget, "
              + (p.memory().maxModelLen() > 0
                  ? "context " + p.memory().maxModelLen() + " tokens"
                  : "context not sized (no architecture facts)"));
      if (p.gpuCount() > 0 && p.memory().kvBytesPerToken() > 0) {
        row(
            out,
            "concurrency",
            FixedDecimal.format(p.memory().concurrency(), 1)
                + " full-context sequences (KV pool "
                + Gib.format(p.memory().kvPoolPerGpu())
                + "/GPU, "
                + p.memory().kvPoolTokens()
                + " tokens)");
      }
    }
    row(
        out,
        "endpoint",
        BindAddress.url(spec.host(), spec.port())
            + "/v1 (model \""
            + spec.servedModelName()
            + "\")"
            + BindAddress.note(spec.host(), spec.port()));
    out.println();
    out.println("Why");
    p.reasons().forEach(r -> out.println("  - " + r));
    if (!p.warnings().isEmpty()) {
      out.println();
      out.println("Warnings");
      p.warnings().forEach(w -> out.println("  " + colour.warning("! " + w)));
    }
    out.println();
    candidates(out, p.candidates());
    out.println();
    out.println("Command");
    out.println("  " + ShellQuote.withEnv(spec.env(), spec.argv()));
    if (!spec.unsetEnv().isEmpty()) {
      out.println("  (with " + String.join(", ", spec.unsetEnv()) + " unset)");
    }
    out.println();
    out.println("Container");
    out.println("  " + ShellQuote.join(spec.container().dockerRun()));
    if (!spec.container().imageVouched()) {
      out.println(
          "  ! "
              + spec.container().image()
              + " is not the catalog's pinned image for "
              + p.engine().label()
              + " "
              + p.engineVersion()
              + ": the flags were not checked against it");
    }
    out.flush();
  }

  /** The candidate table: accepted and near misses one per line, the rest counted. */
  public static void candidates(PrintWriter out, List<Candidate> cs) {
    long accepted = cs.stream().filter(Candidate::accepted).count();
    out.println("Candidates (" + accepted + " accepted, " + (cs.size() - accepted) + " rejected)");
    Map<String, Integer> counted = new TreeMap<>();
    int width =
        cs.stream()
            .filter(c -> !SUMMARISED.contains(c.verdict()))
            .mapToInt(c -> c.recipe().id().length())
            .max()
            .orElse(10);
    for (Candidate c : cs) {
      if (SUMMARISED.contains(c.verdict())) {
        counted.merge(c.verdict().code(), 1, Integer::sum);
        continue;
      }
      String tag =
          c.verdict() == Verdict.SELECTED ? "selected" : c.accepted() ? "fits" : "rejected";
      out.println(
          "  " + padded(tag, 8) + "  " + padded(c.recipe().id(), width) + "  " + c.reason());
    }
    if (!counted.isEmpty()) {
      StringBuilder b = new StringBuilder("  (not listed:");
      counted.forEach((k, v) -> b.append(' ').append(v).append(' ').append(k).append(','));
      b.setLength(b.length() - 1);
      out.println(b.append("; --json lists every candidate)"));
    }
  }

  private static void row(PrintWriter out, String k, String v) {
    out.println("  " + padded(k, 11) + " " + v);
  }

  /**
   * {@code s} left-aligned in {@code width} columns, as {@code %-<width>s} writes it (never cut):
   * written out, as java.util.Formatter's first use is ~5% of a plan's start-up.
   */
  static String padded(String s, int width) {
    StringBuilder b = new StringBuilder(Math.max(width, s.length())).append(s);
    while (b.length() < width) {
      b.append(' ');
    }
    return b.toString();
  }

  private static String join(List<Integer> l) {
    return String.join(",", l.stream().map(String::valueOf).toList());
  }
}
