package io.aimengine.cli;

import io.aimengine.runtime.cache.Bytes;
import io.aimengine.runtime.cache.ModelCache;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aim-engine cache stats [--json]}. */
@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    description = "Where the cache is, how much it holds, what is in use, free disk.")
public final class CacheStatsCommand implements Callable<Integer> {
  private final App app;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--json", description = "Print as JSON (docs/operations.md).")
  boolean json;

  public CacheStatsCommand(App app) {
    this.app = app;
  }

  @Override
  public Integer call() {
    ModelCache.Stats s = app.modelCache().stats();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("root", s.root().toString());
      v.put("models", s.models());
      v.put("in_use", s.inUse());
      v.put("blobs", s.blobs());
      v.put("size_bytes", s.sizeBytes());
      v.put("partial_bytes", s.partialBytes());
      v.put("free_bytes", s.freeBytes() < 0 ? null : s.freeBytes());
      Json.print(out, v);
      return 0;
    }
    out.println("Cache      " + s.root());
    out.println("Models     " + s.models() + (s.inUse() > 0 ? " (" + s.inUse() + " in use)" : ""));
    out.println("Size       " + Bytes.human(s.sizeBytes()) + " in " + s.blobs() + " blobs");
    if (s.partialBytes() > 0) {
      out.println("Partial    " + Bytes.human(s.partialBytes()) + " (resumed by the next pull)");
    }
    out.println("Free disk  " + (s.freeBytes() < 0 ? "unknown" : Bytes.human(s.freeBytes())));
    out.flush();
    return 0;
  }
}
