import io.aimengine.core.config.Settings;
import io.aimengine.runtime.cache.CacheUsage;
import io.aimengine.testsupport.HubServer;
import io.aimengine.runtime.cache.ModelCache;
import io.aimengine.runtime.cache.PullProgress;
import io.aimengine.runtime.cache.PullResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Model cache benchmark (run by bench/cache.sh): serves a generated model of SIZE_MIB split into
 * FILES safetensors shards from the loopback hub test server, then, RUNS times each, times
 * `aim-engine cache pull` (a fresh process, cold cache directory) against `curl` downloading the
 * same files one after another (following the Hub's redirect to the CDN path, writing to disk).
 * Then times preparing the cached model for a second launch: in this JVM (the cache work alone)
 * and as a fresh `aim-engine cache pull --offline` process, counting the requests the server saw.
 * Deletes everything it wrote.
 */
public class CacheBench {
  static final String MODEL = "bench/model";

  public static void main(String[] args) throws Exception {
    Path launcher = Path.of(args[0]);
    long sizeMiB = args.length > 1 ? Long.parseLong(args[1]) : 2048;
    int files = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    Path work = Files.createTempDirectory("aim-cache-bench");
    try {
      run(launcher, work, sizeMiB, files, runs);
    } finally {
      delete(work);
    }
  }

  static void run(Path launcher, Path work, long sizeMiB, int files, int runs) throws Exception {
    Path src = Files.createDirectories(work.resolve("src"));
    Map<String, Path> repo = new LinkedHashMap<>();
    long shard = (sizeMiB << 20) / files;
    for (int i = 1; i <= files; i++) {
      String name = String.format(Locale.ROOT, "model-%05d-of-%05d.safetensors", i, files);
      Path f = src.resolve(name);
      HubServer.writeFile(f, shard, i);
      repo.put(name, f);
    }
    Path cfg = src.resolve("config.json");
    Files.writeString(cfg, "{\"model_type\":\"llama\"}");
    repo.put("config.json", cfg);
    long total = repo.values().stream().mapToLong(CacheBench::size).sum();
    try (HubServer hub = HubServer.start()) {
      hub.addRepoFromFiles(MODEL, repo);
      System.out.printf(
          Locale.ROOT,
          "model: %d files, %.2f GiB, served by the hub test server at %s (%d cores)%n",
          repo.size(),
          total / (double) (1L << 30),
          hub.endpoint(),
          Runtime.getRuntime().availableProcessors());
      List<Double> curl = new ArrayList<>();
      List<Double> curlSha = new ArrayList<>();
      List<Double> ours = new ArrayList<>();
      List<Double> oursInProcess = new ArrayList<>();
      Path cache = work.resolve("cache");
      for (int r = 1; r <= runs; r++) {
        double c = curl(hub, repo.keySet(), work.resolve("curl"));
        double v = sha256sum(work.resolve("curl"));
        delete(work.resolve("curl"));
        curlSha.add(c + v);
        delete(cache);
        long t0 = System.nanoTime();
        String json = exec(launcher, hub, cache, Map.of(), "cache", "pull", MODEL, "--json");
        double o = (System.nanoTime() - t0) / 1e9;
        double inProc = Double.parseDouble(json.replaceAll("(?s).*\"elapsed_seconds\" : ([0-9.]+).*", "$1"));
        curl.add(c);
        ours.add(o);
        oursInProcess.add(inProc);
        System.out.printf(
            Locale.ROOT,
            "run %d: curl (sequential) %.2f s = %s (+ sha256sum: %.2f s = %s); aim-engine cache"
                + " pull %.2f s = %s (pull itself %.2f s = %s)%n",
            r, c, rate(total, c), c + v, rate(total, c + v), o, rate(total, o), inProc,
            rate(total, inProc));
      }
      double mc = median(curl);
      double mo = median(ours);
      System.out.printf(
          Locale.ROOT,
          "median: curl %.2f s (%s), aim-engine %.2f s (%s): throughput ratio %.2f"
              + " (pull itself: %.2f)%n",
          mc, rate(total, mc), mo, rate(total, mo), mc / mo, mc / median(oursInProcess));
      System.out.printf(
          Locale.ROOT,
          "verified like for like: curl + sha256sum %.2f s vs aim-engine %.2f s: ratio %.2f%n",
          median(curlSha), mo, median(curlSha) / mo);

      // Second launch: the model is cached (the last run's pull).
      hub.resetCounters();
      Map<String, String> env = new HashMap<>(System.getenv());
      env.put("AIM_CACHE_DIR", cache.toString());
      env.put("HF_ENDPOINT", hub.endpoint());
      ModelCache mc2 = ModelCache.create(new Settings(env, Path.of(System.getProperty("user.home"))), CacheUsage.NONE);
      List<Double> prep = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        long t0 = System.nanoTime();
        PullResult p = mc2.prepare(MODEL, "main", false, PullProgress.NONE);
        prep.add((System.nanoTime() - t0) / 1e6);
        if (p.network()) {
          throw new IllegalStateException("prepare went to the network");
        }
      }
      System.out.printf(
          Locale.ROOT,
          "second launch, cache work in-process: first %.1f ms, median %.1f ms; requests to the hub: %d%n",
          prep.get(0), median(prep.subList(1, prep.size())), hub.requestCount());
      long t0 = System.nanoTime();
      exec(launcher, hub, cache, Map.of("HF_HUB_OFFLINE", "1"), "cache", "pull", MODEL);
      System.out.printf(
          Locale.ROOT,
          "second launch, whole `aim-engine cache pull --offline` process (JVM start included): %.0f ms;"
              + " requests to the hub: %d%n",
          (System.nanoTime() - t0) / 1e6, hub.requestCount());
    }
  }

  static double curl(HubServer hub, Iterable<String> names, Path dir) throws Exception {
    Files.createDirectories(dir);
    long t0 = System.nanoTime();
    for (String n : names) {
      Process p =
          new ProcessBuilder(
                  "curl", "-sSfL", "-o", dir.resolve(n).toString(),
                  hub.endpoint() + "/" + MODEL + "/resolve/main/" + n)
              .inheritIO()
              .start();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("curl failed for " + n);
      }
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  /** sha256sum over the downloaded files: what verifying curl's download costs. */
  static double sha256sum(Path dir) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("sha256sum"));
    try (Stream<Path> s = Files.list(dir)) {
      s.sorted().forEach(p -> cmd.add(p.toString()));
    }
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("sha256sum failed");
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  static String exec(Path launcher, HubServer hub, Path cache, Map<String, String> extra, String... args)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("AIM_CACHE_DIR", cache.toString());
    pb.environment().put("HF_ENDPOINT", hub.endpoint());
    pb.environment().put("AIM_SKIP_BUILD", "1");
    pb.environment().putAll(extra);
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException("aim-engine " + String.join(" ", args) + " failed");
    }
    return out;
  }

  static String rate(long bytes, double secs) {
    return String.format(Locale.ROOT, "%.0f MiB/s", bytes / (double) (1 << 20) / secs);
  }

  static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    return s.get(s.size() / 2);
  }

  static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
