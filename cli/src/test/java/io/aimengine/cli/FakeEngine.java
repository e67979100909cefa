package io.aimengine.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;

/**
 * A stand-in for a serving engine with scripted behaviour, started by the CLI under test through
 * AIM_ENGINE_COMMAND_VLLM. Reads {@code --host} and {@code --port} from its argv as vLLM does, and
 * its script from the environment:
 *
 * <ul>
 *   <li>FAKE_MODE: {@code ok}; {@code exit-during-load} (logs, then exits 3 while loading); {@code
 *       never-healthy} (503 forever); {@code flap} (503 while FAKE_FLAG_FILE exists); {@code
 *       crash-after-ready} (exits 1 shortly after its first completion)
 *   <li>FAKE_LOAD_MS: how long "loading" takes (default 300)
 * </ul>
 *
 * Prints the GPU visibility variables it received, so tests can check the environment. With
 * HF_HUB_OFFLINE=1 it resolves its model as vLLM does offline — {@code
 * $HF_HUB_CACHE/models--org--name/refs/main} → {@code snapshots/<commit>/config.json} — and exits 4
 * when that fails, as a real engine could not load it.
 */
public final class FakeEngine {
  private FakeEngine() {}

  public static void main(String[] args) throws Exception {
    String host = "0.0.0.0";
    int port = 8000;
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("--port")) {
        port = Integer.parseInt(args[i + 1]);
      } else if (args[i].equals("--host")) {
        host = args[i + 1];
      }
    }
    String mode = System.getenv().getOrDefault("FAKE_MODE", "ok");
    long loadMs = Long.parseLong(System.getenv().getOrDefault("FAKE_LOAD_MS", "300"));
    Map<String, String> gpuEnv = new TreeMap<>();
    System.getenv()
        .forEach(
            (k, v) -> {
              if (k.endsWith("VISIBLE_DEVICES")) {
                gpuEnv.put(k, v);
              }
            });
    System.out.println("fake-engine: mode " + mode + ", argv " + String.join(" ", args));
    System.out.println("fake-engine: env " + gpuEnv);
    System.out.println(
        "fake-engine: env names " + new java.util.TreeSet<>(System.getenv().keySet()));
    offlineWeights(args);
    HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 16);
    http.setExecutor(Executors.newCachedThreadPool(Thread.ofPlatform().daemon().factory()));
    long loadedAt = System.currentTimeMillis() + loadMs;
    boolean[] served = new boolean[1];
    http.createContext(
        "/health",
        ex -> {
          boolean up = System.currentTimeMillis() >= loadedAt && !mode.equals("never-healthy");
          if (mode.equals("flap") && Files.exists(Path.of(System.getenv("FAKE_FLAG_FILE")))) {
            up = false;
          }
          send(ex, up ? 200 : 503, up ? "" : "{\"error\":\"loading\"}");
        });
    http.createContext(
        "/v1/models", ex -> send(ex, 200, "{\"object\":\"list\",\"data\":[{\"id\":\"fake\"}]}"));
    http.createContext(
        "/v1/completions",
        ex -> {
          ex.getRequestBody().readAllBytes();
          send(
              ex,
              200,
              "{\"choices\":[{\"index\":0,\"text\":\" hi there\",\"finish_reason\":\"length\"}],"
                  + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3}}");
          synchronized (served) {
            if (!served[0] && mode.equals("crash-after-ready")) {
              Thread.ofPlatform()
                  .daemon()
                  .start(
                      () -> {
                        sleep(200);
                        System.out.println("fake-engine: crashing");
                        System.out.flush();
                        Runtime.getRuntime().halt(1);
                      });
            }
            served[0] = true;
          }
        });
    http.createContext(
        "/metrics",
        ex ->
            send(
                ex,
                200,
                "# TYPE vllm:num_requests_running gauge\n"
                    + "vllm:num_requests_running{model_name=\"fake\"} 2\n"
                    + "vllm:num_requests_waiting{model_name=\"fake\"} 1\n"));
    if (mode.equals("exit-during-load")) {
      System.out.println("fake-engine: loading weights");
      sleep(loadMs);
      System.out.println("fake-engine: RuntimeError: HIP out of memory");
      System.out.flush();
      System.exit(3);
    }
    http.start();
    System.out.println("fake-engine: listening on " + host + ":" + port);
    System.out.flush();
    Thread.currentThread().join();
  }

  private static void send(HttpExchange ex, int code, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(code, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      ex.getResponseBody().write(b);
    }
    ex.close();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void offlineWeights(String[] args) throws IOException {
    String model = null;
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("serve")) {
        model = args[i + 1];
        break;
      }
    }
    String hubCache = System.getenv("HF_HUB_CACHE");
    System.out.println(
        "fake-engine: HF_HOME="
            + System.getenv("HF_HOME")
            + " HF_HUB_CACHE="
            + hubCache
            + " HF_HUB_OFFLINE="
            + System.getenv("HF_HUB_OFFLINE"));
    if (!"1".equals(System.getenv("HF_HUB_OFFLINE"))
        || model == null
        || model.startsWith("/")
        || hubCache == null) {
      return;
    }
    String revision = flag(args, "--revision", "main");
    Path config = offlineSnapshot(hubCache, model, revision);
    if (config == null) {
      System.out.println(
          "fake-engine: " + model + "@" + revision + " is not in the offline cache " + hubCache);
      System.out.flush();
      System.exit(4);
    }
    System.out.println("fake-engine: offline weights " + config.getParent());
    // Other repos named by flags load offline too, as vLLM loads a separate tokenizer.
    String tokenizer = flag(args, "--tokenizer", null);
    if (tokenizer != null && !tokenizer.startsWith("/")) {
      Path t = offlineSnapshot(hubCache, tokenizer, flag(args, "--tokenizer-revision", "main"));
      if (t == null) {
        System.out.println("fake-engine: tokenizer " + tokenizer + " is not in the offline cache");
        System.out.flush();
        System.exit(4);
      }
      System.out.println("fake-engine: offline tokenizer " + t.getParent());
    }
  }

  private static String flag(String[] args, String name, String dflt) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return dflt;
  }

  /**
   * {@code snapshots/<commit>/config.json} of {@code model} at {@code revision} (a ref name or a
   * commit) as huggingface_hub resolves it offline, null when not cached.
   */
  private static Path offlineSnapshot(String hubCache, String model, String revision)
      throws IOException {
    Path repo = Path.of(hubCache, "models--" + model.replace("/", "--"));
    Path ref = repo.resolve("refs").resolve(revision);
    String commit = Files.isRegularFile(ref) ? Files.readString(ref).strip() : revision;
    Path config = repo.resolve("snapshots").resolve(commit).resolve("config.json");
    return Files.isRegularFile(config) ? config : null;
  }
}
