package io.aimengine.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code bin/aim-engine} as a user would (the jar the reactor just packaged). */
final class Launcher {
  private Launcher() {}

  static Path script() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isRegularFile(p.resolve("bin/aim-engine"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException(
          "bin/aim-engine not found above " + Path.of("").toAbsolutePath());
    }
    return p.resolve("bin/aim-engine");
  }

  static ProcessBuilder builder(Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(script().toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    pb.environment().put("AIM_SKIP_BUILD", "1");
    return pb;
  }

  static CliRun run(Map<String, String> env, String... args) {
    try {
      Process p = builder(env, args).start();
      var out = p.getInputStream().readAllBytes();
      var err = p.getErrorStream().readAllBytes();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("bin/aim-engine " + String.join(" ", args) + " hung");
      }
      return new CliRun(
          p.exitValue(),
          new String(out, StandardCharsets.UTF_8),
          new String(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
