package io.aimengine.cli;

import io.aimengine.runtime.cache.Bytes;
import io.aimengine.runtime.cache.CachedRepo;
import io.aimengine.runtime.cache.ModelCache;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aim-engine cache list [--json]}. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "Cached models: revisions, size, files, last used, endpoints using them.",
      "Read from the cache folder itself, so models pulled by other tools show too."
    })
public final class CacheListCommand implements Callable<Integer> {
  private final App app;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--json", description = "Print as JSON (docs/operations.md).")
  boolean json;

  public CacheListCommand(App app) {
    this.app = app;
  }

  @Override
  public Integer call() {
    List<ModelCache.Entry> entries = app.modelCache().list();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, entries.stream().map(CacheViews::entry).toList());
      return 0;
    }
    if (entries.isEmpty()) {
      out.println("No models cached in " + app.modelCache().layout().root());
      out.flush();
      return 0;
    }
    Instant now = Instant.now();
    Table t = new Table("MODEL", "REVISION", "SIZE", "FILES", "LAST USED", "IN USE BY");
    for (ModelCache.Entry e : entries) {
      CachedRepo r = e.repo();
      t.row(
          r.repo().id(),
          r.revisions().isEmpty() ? "-" : String.join(",", r.revisions()),
          Bytes.human(r.sizeBytes())
              + (r.incompleteBytes() > 0
                  ? " (+" + Bytes.human(r.incompleteBytes()) + " partial)"
                  : ""),
          r.fileCount(),
          CacheViews.ago(e.lastUsed(), now),
          e.inUseBy().isEmpty() ? "-" : String.join(",", e.inUseBy()));
    }
    t.print(out);
    return 0;
  }
}
