package io.aimengine.core.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One quantization of a GGUF repo ({@code Q4_K_M}): the file, or the split files ({@code
 * x-00001-of-00003.gguf}) that together hold it, and their total size. The quantization is read
 * from the file name as llama.cpp's tools and Ollama's {@code hf.co/org/repo:QUANT} name it. Pure.
 *
 * @param name the quantization label, upper case ("Q4_K_M", "BF16", "IQ4_XS", "UD-Q4_K_XL")
 * @param files repo paths, the first split first (llama.cpp is given the first and finds the rest)
 * @param bytes all files together
 */
public record GgufQuant(String name, List<String> files, long bytes) {
  // A quantization token: F32/F16/BF16, MXFP4, Q8_0, Q4_K_M, IQ4_XS, TQ1_0, with an optional
  // Unsloth "UD-" prefix; bounded by anything but a letter or digit (an underscore may precede it).
  private static final Pattern QUANT =
      Pattern.compile(
          "(?i)(?<![a-z0-9])((?:UD-)?(?:BF16|F16|F32|MXFP4(?:_MOE)?|I?Q[1-8](?:_[A-Z0-9]+)*|TQ[12]_0))(?![a-z0-9_])");
  private static final Pattern SPLIT = Pattern.compile("(?i)-(\\d{5})-of-(\\d{5})\\.gguf$");

  public GgufQuant {
    files = List.copyOf(files);
  }

  /** The quantization a GGUF file name carries, upper case; empty when it names none. */
  public static Optional<String> of(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    String dir = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
    Matcher m = QUANT.matcher(name.replaceFirst("(?i)\\.gguf$", ""));
    String found = null;
    while (m.find()) {
      found = m.group(1); // the last token: "Llama-3-8B-Q4_K_M" names Q4_K_M, not a version
    }
    if (found == null && !dir.isEmpty()) {
      Matcher d = QUANT.matcher(dir.substring(dir.lastIndexOf('/') + 1));
      if (d.find()) {
        found = d.group(1);
      }
    }
    return Optional.ofNullable(found).map(s -> s.toUpperCase(Locale.ROOT));
  }

  /**
   * The quantizations of a repo's GGUF files, best first: 8-bit and below from the largest down
   * (more bits, better answers), then the 16- and 32-bit conversions (as good as 8-bit in practice
   * at twice the memory). Projector files ({@code mmproj-*}) and files naming no quantization are
   * left out.
   */
  public static List<GgufQuant> fromListing(List<RepoFile> files) {
    Map<String, List<RepoFile>> byQuant = new LinkedHashMap<>();
    for (RepoFile f : files) {
      String lower = f.path().toLowerCase(Locale.ROOT);
      String base = lower.substring(lower.lastIndexOf('/') + 1);
      if (!lower.endsWith(".gguf") || base.startsWith("mmproj") || base.contains("imatrix")) {
        continue;
      }
      of(f.path()).ifPresent(q -> byQuant.computeIfAbsent(q, k -> new ArrayList<>()).add(f));
    }
    List<GgufQuant> out = new ArrayList<>();
    byQuant.forEach(
        (q, fs) -> {
          List<RepoFile> sorted = new ArrayList<>(fs);
          sorted.sort(Comparator.comparing(RepoFile::path));
          out.add(
              new GgufQuant(
                  q,
                  sorted.stream().map(RepoFile::path).toList(),
                  sorted.stream().mapToLong(f -> Math.max(0, f.bytes())).sum()));
        });
    out.sort(
        Comparator.comparing((GgufQuant g) -> g.precision().bits() >= 16)
            .thenComparing(Comparator.comparingLong(GgufQuant::bytes).reversed()));
    return out;
  }

  /** Whether the files are the parts of one split model. */
  public boolean split() {
    return SPLIT.matcher(files.get(0)).find();
  }

  /** The precision class llama.cpp serves it at (weights stay as stored). */
  public Precision precision() {
    String n = name.replaceFirst("^UD-", "");
    if (n.equals("F32")) {
      return Precision.FP32;
    }
    if (n.equals("F16")) {
      return Precision.FP16;
    }
    if (n.equals("BF16")) {
      return Precision.BF16;
    }
    if (n.startsWith("MXFP4")) {
      return Precision.FP4;
    }
    if (n.startsWith("Q8") || n.startsWith("Q6") || n.startsWith("Q5")) {
      return Precision.INT8;
    }
    return Precision.INT4;
  }

  /** Whether this is the quantization {@code wanted} names (case ignored, "UD-" optional). */
  public boolean is(String wanted) {
    String w = wanted.toUpperCase(Locale.ROOT);
    return name.equals(w) || name.equals("UD-" + w);
  }
}
