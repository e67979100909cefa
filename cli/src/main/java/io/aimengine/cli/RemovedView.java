package io.aimengine.cli;

import io.aimengine.runtime.endpoint.Endpoints;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code rm} and {@code prune} removed, as a line per endpoint and as JSON
 * (docs/operations.md, "rm and prune"): {@code {"removed": [{name, model, state, exit_code,
 * ended_at, stopped, files}]}}. Field names are a stable contract.
 */
final class RemovedView {
  private RemovedView() {}

  static Map<String, Object> of(List<Endpoints.Removed> removed) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Endpoints.Removed r : removed) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", r.endpoint().name());
      m.put("model", r.endpoint().model());
      m.put("state", r.endpoint().state().label());
      m.put("exit_code", r.endpoint().exitCode());
      m.put("ended_at", r.endpoint().endedAt() == null ? null : r.endpoint().endedAt().toString());
      m.put("stopped", r.stopped());
      m.put("files", r.files().stream().map(Path::toString).toList());
      rows.add(m);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("removed", rows);
    return m;
  }

  /** "removed NAME (stopped, 2 log files)". */
  static String line(Endpoints.Removed r) {
    int n = r.files().size();
    return "removed "
        + r.endpoint().name()
        + " ("
        + (r.stopped() ? "stopped it first" : r.endpoint().state().label())
        + (n == 0 ? "" : ", " + n + " log file" + (n == 1 ? "" : "s"))
        + ")";
  }
}
