package io.aimengine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, item 4: AIM_HOME on a file system that became read-only or full while an endpoint runs.
 * Reading the state and stopping the engine still work, and errors say which. AIM_HOME is a small
 * tmpfs mounted for the test, so this runs only where the test may mount (root with CAP_SYS_ADMIN,
 * as in CI containers); elsewhere it is skipped.
 */
class StoreNotWritableIT {
  static final String MODEL = "Qwen/Qwen3-8B";
  @TempDir Path dir;
  Path home;
  Map<String, String> env;
  boolean mounted;

  private static int sh(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }

  @BeforeEach
  void mount() throws Exception {
    home = dir.resolve("home");
    Files.createDirectories(home);
    mounted = sh("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", home.toString()) == 0;
    assumeTrue(mounted, "needs permission to mount a tmpfs");
    env = StandIn.env(home, StandIn.catalog(dir.resolve("catalog")), "ok");
    // The model cache stays outside the small file system.
    env.put("AIM_CACHE_DIR", dir.resolve("cache").toString());
    StandIn.cacheModel(dir.resolve("cache/hub"), MODEL);
  }

  @AfterEach
  void unmount() throws Exception {
    if (mounted) {
      sh("umount", "-l", dir.resolve("ro").toString());
      CliRun.run(env, dir, "stop", "--all", "--timeout", "5s");
      sh("umount", "-l", home.toString());
    }
  }

  private CliRun cli(String... args) {
    return CliRun.run(env, dir, args);
  }

  private long launched(String name) {
    CliRun r = cli("launch", MODEL, "1", "--detach", "--name", name);
    assertThat(r.code()).as(r.err()).isZero();
    return StandIn.json(cli("list", "--json").out()).get(0).path("pid").asLong();
  }

  @Test
  void withAimHomeReadOnlyListAndStopWorkAndLaunchSaysReadOnly() throws Exception {
    long pgid = launched("ro");
    // The same AIM_HOME seen through a read-only bind mount (the engine keeps its log open for
    // writing, so the file system itself cannot be remounted read-only under it).
    Path ro = dir.resolve("ro");
    Files.createDirectories(ro);
    assertThat(sh("mount", "--bind", home.toString(), ro.toString())).isZero();
    assertThat(sh("mount", "-o", "remount,bind,ro", ro.toString())).isZero();
    Map<String, String> rw = env;
    env = new java.util.HashMap<>(env);
    env.put("AIM_HOME", ro.toString());

    CliRun list = cli("list", "--json");
    assertThat(list.code()).as(list.err()).isZero();
    JsonNode e = StandIn.json(list.out()).get(0);
    assertThat(e.path("state").asText()).isEqualTo("ready");

    CliRun stop = cli("stop", "ro", "--timeout", "5s");
    assertThat(stop.code()).as(stop.err()).isZero();
    assertThat(stop.err()).contains("read-only");
    assertThat(StandIn.group(pgid)).isEmpty();
    assertThat(StandIn.json(cli("list", "--json").out()).get(0).path("state").asText())
        .isNotEqualTo("ready");

    CliRun again = cli("launch", MODEL, "1", "--detach", "--name", "ro2");
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("read-only").doesNotContain("Exception");
    env = rw;
  }

  @Test
  void withAimHomeFullListAndStopWorkAndLaunchSaysDiskFull() throws Exception {
    long pgid = launched("full");
    // Fill the file system (the engine's log shares it; its writes now fail too).
    sh("sh", "-c", "dd if=/dev/zero of=" + home.resolve("filler") + " bs=64k 2>/dev/null");
    assertThat(Files.getFileStore(home).getUsableSpace()).isLessThan(64 * 1024);

    CliRun list = cli("list", "--json");
    assertThat(list.code()).as(list.err()).isZero();
    assertThat(StandIn.json(list.out()).get(0).path("state").asText()).isEqualTo("ready");

    CliRun stop = cli("stop", "full", "--timeout", "5s");
    assertThat(stop.code()).as(stop.err()).isZero();
    assertThat(StandIn.group(pgid)).isEmpty();

    CliRun again = cli("launch", MODEL, "1", "--detach", "--name", "full2");
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("disk full").doesNotContain("Exception");
    assertThat(List.of(again.err())).isNotEmpty();
  }
}
