package io.aimengine.cli;

import io.aimengine.core.AimException;
import io.aimengine.runtime.cache.Bytes;
import io.aimengine.runtime.cache.ModelCache;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aim-engine cache prune (--older-than 30d | --max-size 500G) [--dry-run] [--json]}. */
@Command(
    name = "prune",
    mixinStandardHelpOptions = true,
    description = {
      "Remove models least recently used first: those unused for --older-than, then more until"
          + " the cache is at most --max-size. Models in use are never removed."
    })
public final class CachePruneCommand implements Callable<Integer> {
  private static final Pattern AGE = Pattern.compile("^(\\d+)\\s*([mhdw])$");

  private final App app;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--older-than", paramLabel = "AGE", description = "e.g. 30d, 12h, 2w, 90m")
  String olderThan;

  @Option(names = "--max-size", paramLabel = "SIZE", description = "e.g. 500G, 1.5T (binary units)")
  String maxSize;

  @Option(names = "--dry-run", description = "Show what would be removed; remove nothing.")
  boolean dryRun;

  @Option(names = "--json", description = "Print as JSON (docs/operations.md).")
  boolean json;

  public CachePruneCommand(App app) {
    this.app = app;
  }

  static Duration age(String text) {
    Matcher m = AGE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw AimException.invalid(
          "--older-than '" + text + "': expected an age such as 30d, 12h, 2w");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofDays(7 * n);
    };
  }

  @Override
  public Integer call() {
    Instant now = Instant.now();
    ModelCache.PruneResult r =
        app.modelCache()
            .prune(
                Optional.ofNullable(olderThan).map(CachePruneCommand::age),
                maxSize == null
                    ? OptionalLong.empty()
                    : OptionalLong.of(Bytes.parse(maxSize, "--max-size")),
                dryRun,
                now);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("dry_run", r.dryRun());
      v.put(
          "removed",
          r.removed().stream()
              .map(
                  p -> {
                    Map<String, Object> m = CacheViews.entry(p.entry());
                    m.put("reason", p.reason());
                    return m;
                  })
              .toList());
      v.put("kept_in_use", r.keptInUse().stream().map(CacheViews::entry).toList());
      v.put("freed_bytes", r.freedBytes());
      v.put("remaining_bytes", r.remainingBytes());
      Json.print(out, v);
      return 0;
    }
    if (r.removed().isEmpty()) {
      out.println("Nothing to prune; the cache holds " + Bytes.human(r.remainingBytes()));
    } else {
      Table t = new Table("MODEL", "SIZE", "LAST USED", "WHY");
      for (ModelCache.Pruned p : r.removed()) {
        t.row(
            p.entry().repo().repo().id(),
            Bytes.human(p.entry().repo().sizeBytes() + p.entry().repo().incompleteBytes()),
            CacheViews.ago(p.entry().lastUsed(), now),
            p.reason());
      }
      t.print(out);
      out.println(
          (r.dryRun() ? "Would free " : "Freed ")
              + Bytes.human(r.freedBytes())
              + "; the cache "
              + (r.dryRun() ? "would hold " : "holds ")
              + Bytes.human(r.remainingBytes())
              + (r.dryRun() ? " (dry run: nothing removed)" : ""));
    }
    for (ModelCache.Entry e : r.keptInUse()) {
      out.println("Kept " + e.repo().repo() + ": in use by " + String.join(", ", e.inUseBy()));
    }
    out.flush();
    return 0;
  }
}
