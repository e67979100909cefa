package io.aimengine.llamaserver;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Entry point of {@code aim-llama-server.jar}: an OpenAI-compatible server for one GGUF model,
 * taking llama-server's flags. The port opens first and answers 503 while the model loads, then
 * 200. SIGTERM/SIGINT: stop accepting, finish in-flight responses (up to 2 s), free the model,
 * exit. Exit codes: 0 after a signal, 1 when the model cannot be loaded, 2 for bad arguments.
 *
 * <p>The process always ends through {@link System#exit}/{@link Runtime#halt}: llama.cpp's server
 * loop is a native thread that would otherwise keep the JVM alive.
 */
public final class LlamaServer {
  private LlamaServer() {}

  public static void main(String[] args) {
    ServerOptions o;
    try {
      o = ServerOptions.parse(args);
    } catch (ServerOptions.UsageException e) {
      System.err.println("aim-llama-server: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (!Files.isRegularFile(Path.of(o.model()))) {
      System.err.println("aim-llama-server: --model " + o.model() + ": no such file");
      System.exit(1);
    }
    try {
      Path lib = NativeLibrary.prepare();
      if (lib != null) {
        System.out.println("aim-llama-server: native library " + lib);
      }
    } catch (UncheckedIOException e) {
      System.err.println("aim-llama-server: " + e.getMessage());
      System.exit(1);
    }
    OpenAiApi api = new OpenAiApi(o);
    HttpServer http;
    ExecutorService pool = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().factory());
    try {
      http = HttpServer.create(new InetSocketAddress(o.host(), o.port()), 64);
    } catch (IOException e) {
      System.err.println(
          "aim-llama-server: cannot listen on "
              + o.host()
              + ":"
              + o.port()
              + ": "
              + e.getMessage());
      System.exit(1);
      return;
    }
    api.register(http);
    http.setExecutor(pool);
    http.start();
    System.err.println(
        "aim-llama-server: listening on http://"
            + o.host()
            + ":"
            + o.port()
            + ", loading "
            + o.model());

    LlamaGenerator[] loaded = new LlamaGenerator[1];
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  api.stopping();
                  http.stop(2);
                  pool.shutdown();
                  Thread watchdog =
                      Thread.ofPlatform()
                          .daemon()
                          .start(
                              () -> {
                                try {
                                  TimeUnit.SECONDS.sleep(5);
                                  Runtime.getRuntime().halt(0);
                                } catch (InterruptedException ignored) {
                                  // closed in time
                                }
                              });
                  synchronized (loaded) {
                    if (loaded[0] != null) {
                      loaded[0].close();
                    }
                  }
                  watchdog.interrupt();
                  System.err.println("aim-llama-server: stopped");
                },
                "aim-llama-server-shutdown"));

    // The start stamps of the ready line, read while the model loads: the management classes behind
    // the JVM's start time take tens of milliseconds to load, which right after /health turned 200
    // would compete with the launcher's model-list and smoke requests for the CPU.
    CompletableFuture<long[]> starts =
        CompletableFuture.supplyAsync(
            () -> {
              long jvm = ManagementFactory.getRuntimeMXBean().getStartTime();
              return new long[] {ProcessStart.epochMillis(jvm), jvm};
            },
            r -> Thread.ofPlatform().daemon().name("aim-llama-server-start-stamps").start(r));
    long t0 = System.nanoTime();
    try {
      LlamaGenerator g = new LlamaGenerator(o);
      OpenAiApi.warmUp(g);
      synchronized (loaded) {
        loaded[0] = g;
      }
      api.ready(g);
    } catch (RuntimeException | LinkageError e) {
      System.err.println("aim-llama-server: cannot load " + o.model() + ": " + e.getMessage());
      Runtime.getRuntime().halt(1);
    }
    // Epoch milliseconds: the moment /health turned 200, when this process started (its fork, see
    // ProcessStart) and when its JVM had been created, for bench/launch.sh to separate the engine's
    // own start-up (its JVM's boot included) from the launcher's overhead. A StringBuilder: a
    // Formatter
    // or a new concatenation call site would link classes while the launcher's requests are served.
    long readyAt = System.currentTimeMillis();
    long[] started = starts.join();
    System.err.println(
        new StringBuilder("aim-llama-server: model loaded in ")
            .append((System.nanoTime() - t0) / 1_000_000)
            .append(" ms; serving ")
            .append(o.alias())
            .append("; ready_epoch_ms=")
            .append(readyAt)
            .append(" process_start_epoch_ms=")
            .append(started[0])
            .append(" jvm_start_epoch_ms=")
            .append(started[1]));
    try {
      Thread.currentThread().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.exit(0);
  }
}
