package io.aimengine.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code bin/aim-engine} as a user would (the jar the reactor just packaged). The CLI starts
 * with the default disposition of every signal ({@code env --default-signal}), whatever the shell
 * that started Maven ignored: a background job ignores SIGINT, and children inherit that.
 */
final class Launcher {
  /** How long {@link #run} waits for a command before it kills it and fails. */
  static final long GUARD_SECONDS = 120;

  private static final List<String> DEFAULT_SIGNALS = defaultSignals();

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
    List<String> cmd = new ArrayList<>(DEFAULT_SIGNALS);
    cmd.add(script().toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    pb.environment().put("AIM_SKIP_BUILD", "1");
    return pb;
  }

  static CliRun run(Map<String, String> env, String... args) {
    return run(GUARD_SECONDS, builder(env, args), String.join(" ", args));
  }

  /**
   * Runs {@code pb} to its end, reading stdout and stderr on their own threads so that the guard
   * fires even when the process hangs with its pipes open; a hung process is killed (with its
   * descendants) and the call fails.
   */
  static CliRun run(long guardSeconds, ProcessBuilder pb, String what) {
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CompletableFuture<byte[]> out = drain(p.getInputStream());
    CompletableFuture<byte[]> err = drain(p.getErrorStream());
    try {
      if (!p.waitFor(guardSeconds, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new IllegalStateException(what + " hung for " + guardSeconds + " s; killed it");
      }
      return new CliRun(
          p.exitValue(),
          new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8),
          new String(err.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(
          what + " exited but its output did not end (a child holds it open)", e);
    }
  }

  private static CompletableFuture<byte[]> drain(InputStream in) {
    CompletableFuture<byte[]> f = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              ByteArrayOutputStream b = new ByteArrayOutputStream();
              try (in) {
                in.transferTo(b);
              } catch (IOException e) {
                // closed when the process was killed: keep what came
              }
              f.complete(b.toByteArray());
            });
    return f;
  }

  private static List<String> defaultSignals() {
    try {
      Process p =
          new ProcessBuilder("env", "--default-signal", "true")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
        return List.of("env", "--default-signal");
      }
    } catch (IOException e) {
      // no env(1): run the script directly
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return List.of();
  }
}
