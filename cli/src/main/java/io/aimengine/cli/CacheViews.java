package io.aimengine.cli;

import io.aimengine.runtime.cache.CachedRepo;
import io.aimengine.runtime.cache.ModelCache;
import io.aimengine.runtime.cache.PullResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** JSON views (stable snake_case, docs/operations.md) and shared wording of the cache commands. */
final class CacheViews {
  private CacheViews() {}

  static Map<String, Object> entry(ModelCache.Entry e) {
    CachedRepo r = e.repo();
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("model", r.repo().id());
    List<Map<String, Object>> revs = new ArrayList<>();
    r.refs().forEach((rev, commit) -> revs.add(Map.of("revision", rev, "commit", commit)));
    v.put("revisions", revs);
    v.put("commits", r.snapshots().stream().map(CachedRepo.Snapshot::commit).toList());
    v.put("size_bytes", r.sizeBytes());
    v.put("partial_bytes", r.incompleteBytes());
    v.put("files", r.fileCount());
    v.put("last_used", e.lastUsed().equals(Instant.EPOCH) ? null : e.lastUsed().toString());
    v.put("in_use_by", e.inUseBy());
    v.put("path", r.dir().toString());
    return v;
  }

  static Map<String, Object> pull(PullResult r) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("model", r.repo().id());
    v.put("revision", r.revision());
    v.put("commit", r.commit());
    v.put("snapshot", r.snapshot().toString());
    v.put("files", r.files());
    v.put("total_bytes", r.totalBytes());
    v.put("fetched_bytes", r.fetchedBytes());
    v.put("downloaded_files", r.downloadedFiles());
    v.put("network", r.network());
    v.put("elapsed_seconds", r.elapsed().toMillis() / 1000.0);
    return v;
  }

  /** "3d ago", "5h ago", "just now", "-" for never. */
  static String ago(Instant t, Instant now) {
    if (t.equals(Instant.EPOCH)) {
      return "-";
    }
    Duration d = Duration.between(t, now);
    if (d.toDays() >= 1) {
      return d.toDays() + "d ago";
    }
    if (d.toHours() >= 1) {
      return d.toHours() + "h ago";
    }
    if (d.toMinutes() >= 1) {
      return d.toMinutes() + "m ago";
    }
    return "just now";
  }

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
