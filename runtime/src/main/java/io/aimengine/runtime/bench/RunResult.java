package io.aimengine.runtime.bench;

import io.aimengine.core.bench.BenchMetrics;
import io.aimengine.core.bench.RequestOutcome;
import java.util.List;
import java.util.Map;

/**
 * One run at one load level.
 *
 * @param firstErrors the first message of each error kind
 */
public record RunResult(
    Load load,
    BenchMetrics metrics,
    List<RequestOutcome> outcomes,
    Map<String, String> firstErrors) {}
