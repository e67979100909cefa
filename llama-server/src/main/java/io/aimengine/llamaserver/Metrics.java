package io.aimengine.llamaserver;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Prometheus counters and gauges under llama-server's metric names ({@code llamacpp:...}), plus a
 * request counter per endpoint. Thread-safe.
 */
final class Metrics {
  final AtomicLong requests = new AtomicLong();
  final AtomicLong requestErrors = new AtomicLong();
  final AtomicLong promptTokens = new AtomicLong();
  final AtomicLong predictedTokens = new AtomicLong();
  final AtomicLong promptNanos = new AtomicLong();
  final AtomicLong predictNanos = new AtomicLong();
  final AtomicLong processing = new AtomicLong();
  final AtomicLong deferred = new AtomicLong();

  /** The exposition text. */
  String render() {
    StringBuilder b = new StringBuilder();
    counter(b, "llamacpp:requests_total", "Completion requests received.", requests.get());
    counter(b, "llamacpp:request_errors_total", "Requests that failed.", requestErrors.get());
    counter(
        b,
        "llamacpp:prompt_tokens_total",
        "Number of prompt tokens processed.",
        promptTokens.get());
    counter(b, "llamacpp:prompt_seconds_total", "Prompt process time.", promptNanos.get() / 1e9);
    counter(
        b,
        "llamacpp:tokens_predicted_total",
        "Number of generation tokens processed.",
        predictedTokens.get());
    counter(
        b,
        "llamacpp:tokens_predicted_seconds_total",
        "Predict process time.",
        predictNanos.get() / 1e9);
    gauge(b, "llamacpp:requests_processing", "Number of requests processing.", processing.get());
    gauge(b, "llamacpp:requests_deferred", "Number of requests deferred.", deferred.get());
    return b.toString();
  }

  private static void counter(StringBuilder b, String name, String help, Number v) {
    metric(b, name, help, "counter", v);
  }

  private static void gauge(StringBuilder b, String name, String help, Number v) {
    metric(b, name, help, "gauge", v);
  }

  private static void metric(StringBuilder b, String name, String help, String type, Number v) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    b.append(name).append(' ').append(v).append('\n');
  }
}
