package io.aimengine.runtime.cache;

import io.aimengine.core.AimException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which repo files a pull fetches. Patterns are fnmatch globs as huggingface_hub applies them
 * ({@code allow_patterns}/{@code ignore_patterns}): matched against the whole repo path, {@code *}
 * also crosses {@code /}, a pattern ending in {@code /} means everything below it.
 *
 * <p>Default (no {@code --include}): what an engine needs to serve — safetensors weights and index,
 * configs, tokenizer and chat-template files, remote-code {@code *.py} — skipping {@code original/}
 * and other weight formats when safetensors exist. Without safetensors, PyTorch {@code .bin}/{@code
 * .pt} weights are taken, and without those, GGUF files. {@code --exclude} applies in both cases.
 * Immutable.
 */
public final class FilePatterns {
  static final List<String> DEFAULT_INCLUDE =
      List.of(
          "*.safetensors",
          "*.safetensors.index.json",
          "config.json",
          "config*.json",
          "*/config.json",
          "generation_config.json",
          "params.json",
          "tokenizer*",
          "*/tokenizer*",
          "*.model",
          "*.tiktoken",
          "vocab.*",
          "merges.txt",
          "added_tokens.json",
          "special_tokens_map.json",
          "chat_template*",
          "*.jinja",
          "preprocessor_config.json",
          "processor_config.json",
          "video_preprocessor_config.json",
          "*.py");
  static final List<String> DEFAULT_EXCLUDE = List.of("original/*", "*/original/*", "*.gguf");
  static final List<String> OTHER_WEIGHTS =
      List.of("*.bin", "*.pt", "*.pth", "*.ckpt", "*.gguf", "*.msgpack", "*.h5", "*.onnx", "*.ot");

  private final List<String> include;
  private final List<String> exclude;
  private final List<Pattern> includeRx;
  private final List<Pattern> excludeRx;

  private FilePatterns(List<String> include, List<String> exclude) {
    this.include = List.copyOf(include);
    this.exclude = List.copyOf(exclude);
    this.includeRx = include.stream().map(FilePatterns::compile).toList();
    this.excludeRx = exclude.stream().map(FilePatterns::compile).toList();
  }

  /** The default set plus the user's excludes. */
  public static FilePatterns defaults(List<String> exclude) {
    return new FilePatterns(List.of(), exclude);
  }

  /** The user's patterns; an empty include list means the default set. */
  public static FilePatterns of(List<String> include, List<String> exclude) {
    for (String p : include) {
      check(p, "--include");
    }
    for (String p : exclude) {
      check(p, "--exclude");
    }
    return new FilePatterns(include, exclude);
  }

  public boolean isDefault() {
    return include.isEmpty();
  }

  public List<String> include() {
    return include;
  }

  public List<String> exclude() {
    return exclude;
  }

  /** The files of {@code listing} to fetch, in listing order. */
  public List<String> select(List<String> listing) {
    List<String> out = new ArrayList<>();
    if (!isDefault()) {
      for (String f : listing) {
        if (any(includeRx, f) && !any(excludeRx, f)) {
          out.add(f);
        }
      }
      return out;
    }
    boolean hasSafetensors =
        listing.stream().anyMatch(f -> f.endsWith(".safetensors") && !inOriginal(f));
    List<String> inc = new ArrayList<>(DEFAULT_INCLUDE);
    List<String> exc = new ArrayList<>(DEFAULT_EXCLUDE);
    if (hasSafetensors) {
      exc.addAll(OTHER_WEIGHTS);
    } else if (listing.stream()
        .anyMatch(f -> weightFile(f) && !f.endsWith(".gguf") && !inOriginal(f))) {
      inc.addAll(List.of("*.bin", "*.bin.index.json", "*.pt", "*.pth"));
    } else {
      exc.remove("*.gguf");
      inc.add("*.gguf");
    }
    List<Pattern> incRx = inc.stream().map(FilePatterns::compile).toList();
    List<Pattern> excRx = new ArrayList<>(excludeRx);
    exc.forEach(e -> excRx.add(compile(e)));
    for (String f : listing) {
      if (any(incRx, f) && !any(excRx, f)) {
        out.add(f);
      }
    }
    return out;
  }

  private static boolean inOriginal(String f) {
    return f.startsWith("original/") || f.contains("/original/");
  }

  /** True for a file that holds weights in some format. */
  static boolean weightFile(String f) {
    String n = f.toLowerCase(Locale.ROOT);
    return n.endsWith(".safetensors")
        || n.endsWith(".bin")
        || n.endsWith(".pt")
        || n.endsWith(".pth")
        || n.endsWith(".gguf");
  }

  private static boolean any(List<Pattern> ps, String f) {
    for (Pattern p : ps) {
      if (p.matcher(f).matches()) {
        return true;
      }
    }
    return false;
  }

  private static void check(String p, String flag) {
    if (p.isBlank()) {
      throw AimException.invalid(flag + " '': expected a glob such as '*.safetensors'");
    }
    try {
      compile(p);
    } catch (IllegalArgumentException e) {
      throw AimException.invalid(flag + " '" + p + "': not a valid glob (" + e.getMessage() + ")");
    }
  }

  /** fnmatch → regex: '*' any run (also '/'), '?' one char, '[...]' a class, '[!...]' negated. */
  static Pattern compile(String glob) {
    String g = glob.endsWith("/") ? glob + "*" : glob;
    StringBuilder rx = new StringBuilder();
    for (int i = 0; i < g.length(); i++) {
      char c = g.charAt(i);
      switch (c) {
        case '*' -> rx.append(".*");
        case '?' -> rx.append('.');
        case '[' -> {
          int end = g.indexOf(']', i + 2);
          if (end < 0) {
            rx.append("\\[");
          } else {
            String body = g.substring(i + 1, end);
            if (body.startsWith("!")) {
              body = "^" + body.substring(1);
            }
            rx.append('[').append(body.replace("\\", "\\\\")).append(']');
            i = end;
          }
        }
        default -> rx.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(rx.toString(), Pattern.DOTALL);
  }

  @Override
  public String toString() {
    return isDefault()
        ? "default" + (exclude.isEmpty() ? "" : " minus " + exclude)
        : include + (exclude.isEmpty() ? "" : " minus " + exclude);
  }
}
