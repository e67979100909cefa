package io.aimengine.cli;

import io.aimengine.runtime.process.ProcessRuntime;
import io.aimengine.runtime.store.Endpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code aim-engine logs NAME}: the engine's stdout/stderr. */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description = "Print an endpoint's engine log; -f follows it until the endpoint ends.")
public final class LogsCommand implements Callable<Integer> {
  private final App app;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME", description = "Endpoint name (see 'list').")
  String name;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing new lines until the endpoint ends (or Ctrl-C).")
  boolean follow;

  @Option(
      names = {"-n", "--tail"},
      paramLabel = "N",
      description = "Only the last N lines (default: all).")
  Integer tail;

  @Option(
      names = "--json",
      description =
          "Print the log's metadata instead of its lines: where it is, its size, the endpoint's"
              + " state (docs/operations.md).")
  boolean json;

  public LogsCommand(App app) {
    this.app = app;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (tail != null && tail < 0) {
      throw io.aimengine.core.AimException.invalid("--tail " + tail + ": expected 0 or more");
    }
    if (json && follow) {
      throw io.aimengine.core.AimException.invalid(
          "--json prints the log's metadata; it does not go with --follow");
    }
    Endpoint e = app.endpoints().require(name);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, metadata(e));
      return 0;
    }
    if (e.state().active()
        && "container".equals(e.runtime())
        && e.containerId() != null
        && app.runtimes().get("container")
            instanceof io.aimengine.runtime.container.ContainerRuntime c
        && c.logs(e, tail, follow, out)) {
      return 0; // streamed from the container engine while the container exists
    }
    long offset = 0;
    if (Files.exists(e.logPath())) {
      if (tail != null) {
        ProcessRuntime.tail(e.logPath(), tail).forEach(out::println);
      } else {
        Files.lines(e.logPath(), StandardCharsets.UTF_8).forEach(out::println);
      }
      offset = Files.size(e.logPath());
    }
    out.flush();
    while (follow) {
      offset = copyNew(e, offset, out);
      if (!app.endpoints().require(name).state().active()) {
        copyNew(e, offset, out);
        break;
      }
      Thread.sleep(200);
    }
    return 0;
  }

  /** {@code logs --json} (docs/operations.md): where the log is and how big, stable field names. */
  private static java.util.Map<String, Object> metadata(Endpoint e) throws IOException {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("name", e.name());
    m.put("state", e.state().label());
    m.put("runtime", e.runtime());
    m.put("container_id", e.containerId());
    m.put("log_path", e.logPath().toString());
    boolean exists = Files.exists(e.logPath());
    m.put("log_exists", exists);
    m.put("log_bytes", exists ? Files.size(e.logPath()) : 0L);
    m.put(
        "log_modified_at",
        exists ? Files.getLastModifiedTime(e.logPath()).toInstant().toString() : null);
    java.nio.file.Path previous = e.logPath().resolveSibling(e.logPath().getFileName() + ".1");
    m.put("previous_log_path", Files.exists(previous) ? previous.toString() : null);
    return m;
  }

  private static long copyNew(Endpoint e, long offset, PrintWriter out) throws IOException {
    if (!Files.exists(e.logPath())) {
      return offset;
    }
    try (RandomAccessFile f = new RandomAccessFile(e.logPath().toFile(), "r")) {
      long len = f.length();
      if (len < offset) {
        offset = 0; // truncated
      }
      if (len > offset) {
        byte[] b = new byte[(int) Math.min(len - offset, 1 << 20)];
        f.seek(offset);
        f.readFully(b);
        out.print(new String(b, StandardCharsets.UTF_8));
        out.flush();
        return offset + b.length;
      }
      return offset;
    }
  }
}
