package io.aimengine.core.bench;

/**
 * Why a benchmark request failed. {@link #kind()} is what results are grouped by ("errors by
 * kind"); {@link #detail()} is the first message of that kind, for the user.
 *
 * <p>Kinds: {@code http_<status>} (the endpoint answered with a non-200 status), {@code timeout}
 * (no byte within the read timeout), {@code connection} (refused, reset, closed early), {@code
 * no_tokens} (a 200 stream without one token-bearing chunk — vLLM counts these as failures too),
 * {@code bad_stream} (a chunk that is not JSON).
 */
public record RequestError(String kind, String detail) {
  public static RequestError http(int status, String detail) {
    return new RequestError("http_" + status, detail);
  }
}
