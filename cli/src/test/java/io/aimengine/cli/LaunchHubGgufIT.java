package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.testsupport.HubServer;
import io.aimengine.testsupport.TinyGguf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code launch REPO --backend llamacpp} of a Hub repo with several GGUF quantizations, against the
 * Hub stand-in and AIM Engine's own llama.cpp server: the plan picks the best quantization that
 * fits memory, and the launch downloads that one file — no other GGUF, nothing else of the repo —
 * then serves it.
 */
class LaunchHubGgufIT {
  static final String REPO = "acme/tiny-chat-GGUF";

  @TempDir Path dir;
  HubServer hub;
  Map<String, String> env;

  @BeforeEach
  void start() throws Exception {
    hub = HubServer.start();
    Path tiny = TinyGguf.write(dir.resolve("tiny.gguf"));
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("README.md", "# tiny chat GGUF".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    // The best that fits 8 GiB (80 % of the stand-in host's 10 GiB) is Q8_0: the real model.
    files.put("tiny-chat-Q8_0.gguf", Files.readAllBytes(tiny));
    files.put("tiny-chat-Q4_K_M.gguf", HubServer.bytes(4096, 3));
    hub.addRepo(REPO, files);
    hub.addListedOnly(REPO, "tiny-chat-F16.gguf", 16_100_000_000L);
    hub.addListedOnly(REPO, "mmproj-tiny-chat-F16.gguf", 600_000_000L);
    Path root = dir.resolve("sysfs");
    Files.createDirectories(root.resolve("proc"));
    Files.writeString(root.resolve("proc/meminfo"), "MemTotal:       10485760 kB\n");
    Files.writeString(root.resolve("proc/cpuinfo"), "processor\t: 0\nprocessor\t: 1\n");
    env = new HashMap<>();
    env.put("AIM_HOME", dir.resolve("home").toString());
    env.put("AIM_CACHE_DIR", dir.resolve("cache").toString());
    env.put("AIM_SYSFS_ROOT", root.toString());
    env.put("HF_ENDPOINT", hub.endpoint());
    // Without a llama-server on PATH the CLI runs its own server jar.
    env.put("PATH", "/usr/bin:/bin");
  }

  @AfterEach
  void stop() {
    if (env != null) {
      Launcher.run(env, "stop", "--all", "--timeout", "5s");
    }
    hub.close();
  }

  @Test
  void launchDownloadsOnlyTheChosenQuantizationAndServesIt() throws Exception {
    CliRun launch =
        Launcher.run(
            env,
            "launch",
            REPO,
            "--backend",
            "llamacpp",
            "--detach",
            "--name",
            "gguf",
            "--port",
            String.valueOf(StandIn.freePort()));

    assertThat(launch.code()).as(launch.err()).isZero();
    assertThat(launch.out()).containsPattern("smoke completion: [1-9][0-9]* tokens");
    assertThat(launch.err()).contains("pulled tiny-chat-Q8_0.gguf");
    // Only the chosen file's bytes were asked for (GGUF headers may be read with byte ranges).
    assertThat(hub.requests())
        .filteredOn(q -> q.path().endsWith(".gguf") && q.range() == null)
        .isNotEmpty()
        .allMatch(q -> q.path().endsWith("/tiny-chat-Q8_0.gguf"));
    assertThat(hub.requests()).noneMatch(q -> q.path().endsWith("README.md"));
    try (var all = Files.walk(dir.resolve("cache"))) {
      assertThat(all.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
          .filteredOn(n -> n.endsWith(".gguf") || n.equals("README.md"))
          .containsExactly("tiny-chat-Q8_0.gguf");
    }
  }
}
