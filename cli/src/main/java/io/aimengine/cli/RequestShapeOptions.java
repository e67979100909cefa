package io.aimengine.cli;

import io.aimengine.core.AimException;
import io.aimengine.runtime.bench.Api;
import picocli.CommandLine.Option;

/**
 * The shape of each request a load sends, shared by {@code bench} and {@code tune}: {@code --api
 * --input-tokens --output-tokens --seed}.
 */
public final class RequestShapeOptions {
  @Option(
      names = "--api",
      defaultValue = "chat",
      description = "chat or completions (default: ${DEFAULT-VALUE}).")
  String api;

  @Option(
      names = "--input-tokens",
      defaultValue = "256",
      description = "Synthetic prompt length (default: ${DEFAULT-VALUE}).")
  int inputTokens;

  @Option(
      names = "--output-tokens",
      defaultValue = "128",
      description = "Tokens each request asks for (default: ${DEFAULT-VALUE}).")
  int outputTokens;

  @Option(names = "--seed", defaultValue = "0", description = "Seed for prompts and arrivals.")
  long seed;

  /**
   * The API {@code --api} names.
   *
   * @throws AimException (invalid input) for anything but chat or completions
   */
  Api api() {
    return switch (api) {
      case "chat" -> Api.CHAT;
      case "completions" -> Api.COMPLETIONS;
      default -> throw AimException.invalid("--api '" + api + "': expected chat or completions");
    };
  }

  /**
   * Checks {@code --input-tokens} and {@code --output-tokens}.
   *
   * @throws AimException (invalid input) when either is below 1
   */
  void checkLengths() {
    positive("--input-tokens", inputTokens);
    positive("--output-tokens", outputTokens);
  }

  /**
   * Refuses a count below 1, naming its flag.
   *
   * @throws AimException (invalid input) when {@code v} is below 1
   */
  static void positive(String flag, int v) {
    if (v < 1) {
      throw AimException.invalid(flag + " " + v + ": must be at least 1");
    }
  }
}
