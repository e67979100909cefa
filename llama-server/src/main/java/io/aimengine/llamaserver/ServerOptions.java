package io.aimengine.llamaserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Command-line options, spelled as llama.cpp's {@code llama-server} spells them so the same argv
 * runs either server. Flags llama-server has but this server does not need are accepted and ignored
 * when they only tune performance (listed in {@link #IGNORED}); anything else is an error.
 *
 * @param model GGUF file ({@code --model, -m})
 * @param ctxSize total context tokens, shared by the slots ({@code --ctx-size, -c}); 0 = the
 *     model's
 * @param parallel concurrent sequences ({@code --parallel, -np})
 * @param gpuLayers layers to offload ({@code --n-gpu-layers, -ngl}); the bundled natives are CPU
 *     builds, so this only matters with a GPU build of the library
 * @param threads CPU threads ({@code --threads, -t}); 0 = library default
 * @param host bind address ({@code --host}, default 127.0.0.1 as llama-server's)
 * @param port HTTP port ({@code --port}, default 8080)
 * @param alias model name reported by /v1/models ({@code --alias, -a}); default the model path as
 *     given
 * @param seed sampling seed ({@code --seed, -s}); -1 = random
 */
public record ServerOptions(
    String model,
    int ctxSize,
    int parallel,
    int gpuLayers,
    int threads,
    String host,
    int port,
    String alias,
    long seed) {

  /** llama-server flags accepted and ignored, with the number of values each takes. */
  static final Map<String, Integer> IGNORED =
      Map.ofEntries(
          Map.entry("--metrics", 0),
          Map.entry("--cont-batching", 0),
          Map.entry("-cb", 0),
          Map.entry("--no-cont-batching", 0),
          Map.entry("-nocb", 0),
          Map.entry("--no-webui", 0),
          Map.entry("--slots", 0),
          Map.entry("--verbose", 0),
          Map.entry("-v", 0),
          Map.entry("--threads-http", 1),
          Map.entry("--timeout", 1),
          Map.entry("-to", 1),
          Map.entry("--chat-template", 1),
          Map.entry("--reasoning-format", 1),
          Map.entry("--keep", 1),
          Map.entry("--numa", 1),
          Map.entry("--temp", 1),
          Map.entry("--top-k", 1),
          Map.entry("--top-p", 1),
          Map.entry("--min-p", 1),
          Map.entry("--repeat-penalty", 1),
          Map.entry("--rope-scaling", 1),
          Map.entry("--rope-freq-base", 1),
          Map.entry("--rope-freq-scale", 1),
          Map.entry("--device", 1),
          Map.entry("-dev", 1),
          Map.entry("--split-mode", 1),
          Map.entry("-sm", 1),
          Map.entry("--tensor-split", 1),
          Map.entry("-ts", 1),
          Map.entry("--main-gpu", 1),
          Map.entry("-mg", 1),
          Map.entry("--mlock", 0),
          Map.entry("--no-mmap", 0),
          Map.entry("--no-warmup", 0),
          Map.entry("--jinja", 0),
          Map.entry("--log-disable", 0),
          Map.entry("--batch-size", 1),
          Map.entry("-b", 1),
          Map.entry("--ubatch-size", 1),
          Map.entry("-ub", 1),
          Map.entry("--threads-batch", 1),
          Map.entry("-tb", 1),
          Map.entry("--cache-type-k", 1),
          Map.entry("-ctk", 1),
          Map.entry("--cache-type-v", 1),
          Map.entry("-ctv", 1),
          Map.entry("--n-predict", 1),
          Map.entry("-n", 1));

  /** Thrown for bad flags; the message is one line for stderr. */
  public static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /** Parses argv; accepts {@code --flag value} and {@code --flag=value}. */
  public static ServerOptions parse(String... args) {
    List<String> a = new ArrayList<>();
    for (String s : args) {
      int eq = s.indexOf('=');
      if (s.startsWith("--") && eq > 0) {
        a.add(s.substring(0, eq));
        a.add(s.substring(eq + 1));
      } else {
        a.add(s);
      }
    }
    String model = null;
    String host = "127.0.0.1";
    String alias = null;
    int ctx = 0;
    int parallel = 1;
    int ngl = 0;
    int threads = 0;
    int port = 8080;
    long seed = -1;
    for (int i = 0; i < a.size(); i++) {
      String f = a.get(i);
      switch (f) {
        case "--model", "-m" -> model = value(a, i++);
        case "--ctx-size", "-c" -> ctx = integer(f, value(a, i++), 0);
        case "--parallel", "-np" -> parallel = integer(f, value(a, i++), 1);
        case "--n-gpu-layers", "-ngl", "--gpu-layers" -> ngl = integer(f, value(a, i++), -1);
        case "--threads", "-t" -> threads = integer(f, value(a, i++), -1);
        case "--host" -> host = value(a, i++);
        case "--port" -> port = integer(f, value(a, i++), 0);
        case "--alias", "-a" -> alias = value(a, i++);
        case "--seed", "-s" -> seed = integer(f, value(a, i++), -1);
        case "--flash-attn", "-fa" -> {
          // a bare switch in older llama-server, "on|off|auto" in newer ones
          if (i + 1 < a.size() && List.of("on", "off", "auto").contains(a.get(i + 1))) {
            i++;
          }
        }
        case "--api-key",
            "--embedding",
            "--embeddings",
            "--lora",
            "--hf-repo",
            "-hf",
            "--hf-file",
            "-hff" ->
            throw new UsageException(
                f
                    + " is not supported by aim-llama-server; install llama.cpp's llama-server to use it");
        default -> {
          Integer n = IGNORED.get(f);
          if (n == null) {
            throw new UsageException("unknown argument: " + f);
          }
          for (int k = 0; k < n; k++) {
            value(a, i++);
          }
        }
      }
    }
    if (model == null) {
      throw new UsageException("--model FILE is required");
    }
    if (port > 65535) {
      throw new UsageException("--port " + port + " is not a TCP port");
    }
    if (alias == null) {
      alias = model; // as llama-server: the model path as given
    }
    return new ServerOptions(model, ctx, parallel, ngl, threads, host, port, alias, seed);
  }

  private static String value(List<String> a, int i) {
    if (i + 1 >= a.size()) {
      throw new UsageException(a.get(i) + " needs a value");
    }
    return a.get(i + 1);
  }

  private static int integer(String flag, String v, int min) {
    try {
      int n = Integer.parseInt(v.trim());
      if (n < min) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException(flag + " expects an integer >= " + min + ", got '" + v + "'");
    }
  }
}
