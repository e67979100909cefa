package io.aimengine.runtime.bench;

import java.time.Instant;
import java.util.List;

/**
 * A whole {@code bench} invocation: one run per load level of the sweep, with what was measured and
 * how.
 *
 * @param id the name results are saved and compared under ({@code 20261201-233000-NAME})
 * @param inputTokens the synthetic prompt length asked for, 0 with a prompt file
 * @param promptFile the JSONL prompts, null for synthetic ones
 */
public record BenchResult(
    String id,
    Instant createdAt,
    Target target,
    Api api,
    int inputTokens,
    int outputTokens,
    String promptFile,
    String slo,
    List<RunResult> runs) {
  public BenchResult {
    runs = List.copyOf(runs);
  }
}
