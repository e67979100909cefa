package io.aimengine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimengine.runtime.cache.HubCache;
import io.aimengine.runtime.cache.RepoId;
import io.aimengine.testsupport.HubServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Test fixtures for launches on an assumed GPU host with the {@link FakeEngine} standing in for
 * vLLM: a catalog root with general MI300X recipes, the environment, /proc helpers.
 */
final class StandIn {
  private StandIn() {}

  static Path catalog(Path dir) {
    try {
      Path g = dir.resolve("recipes/general/mi300x");
      Files.createDirectories(g);
      for (int tp : new int[] {1, 8}) {
        Files.writeString(
            g.resolve("vllm-mi300x-fp16-tp" + tp + "-latency.yaml"),
            """
            metadata:
              engine: vllm
              gpu: MI300X
              gpu_count: %d
              manual_selection_only: false
              metric: latency
              precision: fp16
              type: general
            engine_args:
              dtype: float16
              tensor-parallel-size: %d
            env_vars:
              VLLM_DO_NOT_TRACK: '1'
            """
                .formatted(tp, tp));
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The environment of a CLI run: AIM_HOME, assumed 8 × MI300X, the fake engine as vLLM, and the
   * stand-in model cached (launch then needs no network).
   */
  static Map<String, String> env(Path home, Path catalog, String mode) {
    cacheModel(home.resolve("cache/hub"), "Qwen/Qwen3-8B");
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv("PATH"));
    env.put("AIM_HOME", home.toString());
    env.put("AIM_CATALOG_PATH", catalog.toString());
    env.put("AIM_GPU_MODEL", "MI300X");
    env.put("AIM_GPU_COUNT", "8");
    env.put("AIM_ENGINE_COMMAND_VLLM", String.join(" ", fakeEngineCommand()));
    env.put("FAKE_MODE", mode);
    // Engines get an explicit environment: the stand-in's script variables are named for it.
    env.put("AIM_ENGINE_ENV", "FAKE_MODE,FAKE_LOAD_MS,FAKE_FLAG_FILE");
    return env;
  }

  /** Puts a tiny complete snapshot of {@code model} into a hub cache, as a finished pull would. */
  static void cacheModel(Path hubCache, String model) {
    HubCache layout = new HubCache(hubCache);
    RepoId repo = RepoId.of(model);
    if (layout.readRef(repo, "main").isPresent()) {
      return;
    }
    try {
      String commit = HubServer.sha1Hex(model.getBytes(StandardCharsets.UTF_8));
      Map<String, byte[]> files =
          Map.of(
              "config.json", "{\"model_type\":\"qwen3\"}".getBytes(StandardCharsets.UTF_8),
              "model.safetensors", HubServer.bytes(4096, 1));
      for (var f : files.entrySet()) {
        String etag =
            f.getKey().endsWith(".safetensors")
                ? HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(f.getValue()))
                : HubServer.gitBlobSha1(f.getValue());
        Path blob = layout.blob(repo, etag);
        Files.createDirectories(blob.getParent());
        Files.write(blob, f.getValue());
        layout.link(repo, commit, f.getKey(), etag);
      }
      layout.writeRef(repo, "main", commit);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> fakeEngineCommand() {
    try {
      Path classes =
          Path.of(FakeEngine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1",
          "-cp",
          classes.toString(),
          FakeEngine.class.getName());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean portFree(int port) {
    try (ServerSocket s = new ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static JsonNode json(String text) {
    try {
      return Json.mapper().readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + text, e);
    }
  }

  /** Live processes in process group {@code pgid}, from /proc. */
  static List<Long> group(long pgid) {
    List<Long> out = new ArrayList<>();
    try (var ds = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : ds) {
        try {
          String stat = Files.readString(p.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          if (Long.parseLong(f[2]) == pgid && !f[0].equals("Z")) {
            out.add(Long.parseLong(p.getFileName().toString()));
          }
        } catch (IOException | RuntimeException e) {
          // raced with an exiting process
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** True while {@code pid} exists and is not a zombie (an exited process not yet reaped). */
  static boolean live(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (IOException e) {
      return false;
    }
  }

  /** Live processes whose command line mentions {@code text}. */
  static List<Long> processesMentioning(String text) {
    List<Long> out = new ArrayList<>();
    try (var ds = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : ds) {
        try {
          String cmd = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
          String stat = Files.readString(p.resolve("stat"));
          boolean zombie = stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
          if (cmd.contains(text) && !zombie) {
            out.add(Long.parseLong(p.getFileName().toString()));
          }
        } catch (IOException | RuntimeException e) {
          // raced with an exiting process
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
