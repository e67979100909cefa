package io.aimengine.runtime.cache;

import io.aimengine.core.AimException;
import io.aimengine.core.ExitCode;
import java.time.Duration;
import java.util.Optional;
import okhttp3.Headers;

/**
 * Turns a Hub error response into what the user reads: one line naming the model, revision or file,
 * and what to do. Uses {@code X-Error-Code} as huggingface_hub does. Never includes request headers
 * (the token lives there).
 */
final class HubErrors {
  private HubErrors() {}

  /**
   * The exception for a non-success status: an {@link AimException} for permanent errors (exit 3
   * for not found, 1 otherwise) or a {@link Transient} for 429/5xx.
   *
   * @param file the repo file concerned, null for repo-level requests
   */
  static Exception of(
      int status,
      Headers h,
      String endpoint,
      RepoId repo,
      String revision,
      String file,
      boolean hasToken) {
    String code = Optional.ofNullable(h.get("X-Error-Code")).orElse("");
    String serverSays =
        Optional.ofNullable(h.get("X-Error-Message"))
            .map(m -> " (Hub: " + oneLine(m) + ")")
            .orElse("");
    String page = endpoint + "/" + repo.id();
    if (status == 429) {
      Duration after = retryAfter(h).orElse(null);
      return new Transient(
          endpoint
              + " is rate-limiting requests (HTTP 429)"
              + (after == null ? "" : ", asked to wait " + after.toSeconds() + " s")
              + "; try again later"
              + (hasToken ? "" : ", or set HF_TOKEN (signed-in users get higher limits)"),
          after);
    }
    if (status == 407) {
      return new AimException(
          ExitCode.FAILURE,
          "the proxy refused to forward the request to "
              + endpoint
              + " (HTTP 407): put the proxy's user and password in the proxy variable, as"
              + " http://USER:PASSWORD@HOST:PORT (HTTPS_PROXY, HTTP_PROXY)");
    }
    if (status >= 500) {
      return new Transient(
          endpoint + " failed with HTTP " + status + serverSays + "; try again later",
          retryAfter(h).orElse(null));
    }
    if (code.equals("GatedRepo") || (status == 403 && !code.endsWith("NotFound"))) {
      return new AimException(
          ExitCode.FAILURE,
          repo
              + " is gated (HTTP "
              + status
              + "): accept its license at "
              + page
              + " while signed in, then "
              + (hasToken
                  ? "check that HF_TOKEN is a token of that account"
                  : "set HF_TOKEN to an access token of that account"));
    }
    if (code.equals("RepoNotFound") || (status == 401 && file == null)) {
      return new RepoNotFound(
          repo,
          "model "
              + repo
              + " not found on "
              + endpoint
              + " (HTTP "
              + status
              + "): check the id"
              + (hasToken
                  ? ""
                  : "; if it is private or gated, set HF_TOKEN to an access token with access"));
    }
    if (status == 401) {
      return new AimException(
          ExitCode.FAILURE,
          endpoint
              + " refused access to "
              + repo
              + " (HTTP 401): "
              + (hasToken ? "HF_TOKEN is invalid or expired" : "set HF_TOKEN to an access token"));
    }
    if (code.equals("RevisionNotFound")) {
      return new AimException(
          ExitCode.UNEXPECTED_STATE,
          "revision '" + revision + "' not found in " + repo + ": check --revision" + serverSays);
    }
    if (code.equals("EntryNotFound") || (status == 404 && file != null)) {
      return new AimException(
          ExitCode.UNEXPECTED_STATE,
          "file '" + file + "' not found in " + at(repo, revision) + serverSays);
    }
    if (status == 404) {
      return new RepoNotFound(
          repo, "model " + at(repo, revision) + " not found on " + endpoint + " (HTTP 404)");
    }
    return new AimException(
        ExitCode.FAILURE,
        "unexpected HTTP "
            + status
            + " from "
            + endpoint
            + " for "
            + repo
            + (file == null ? "" : "/" + file)
            + serverSays);
  }

  /** "org/name@revision", or the repo alone when the revision is not known (a download). */
  static String at(RepoId repo, String revision) {
    return revision == null ? repo.toString() : repo + "@" + revision;
  }

  /** Retry-After in seconds (HTTP dates are rare on the Hub and treated as absent). */
  static Optional<Duration> retryAfter(Headers h) {
    return Optional.ofNullable(h.get("Retry-After"))
        .flatMap(
            v -> {
              try {
                long s = Long.parseLong(v.trim());
                return s >= 0 ? Optional.of(Duration.ofSeconds(s)) : Optional.empty();
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            });
  }

  static String oneLine(String s) {
    String t = s.replaceAll("[\\r\\n]+", " ").strip();
    return t.length() > 200 ? t.substring(0, 200) + "…" : t;
  }
}
