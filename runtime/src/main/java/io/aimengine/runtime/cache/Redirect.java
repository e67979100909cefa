package io.aimengine.runtime.cache;

import io.aimengine.core.AimException;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a Hub or CDN redirect leads. Only {@code http} and {@code https} are followed: a {@code
 * Location} naming {@code file://}, {@code ftp://}, another scheme, or no valid URI at all is a
 * failure (exit 1) naming the file and the location, never a stray exception. Pure.
 */
final class Redirect {
  private Redirect() {}

  /**
   * The next URI after a 3xx from {@code current}.
   *
   * @param location the response's {@code Location} header
   * @param server who redirected (the endpoint, for the message)
   * @param what the file concerned ({@code org/name/file})
   * @throws AimException (failure) no Location, a malformed one, or one that is not http(s)
   */
  static URI next(URI current, Optional<String> location, String server, String what) {
    if (location.isEmpty() || location.get().isBlank()) {
      throw AimException.failure(server + " redirected " + what + " without a Location");
    }
    String shown = HubErrors.oneLine(location.get());
    URI next;
    try {
      next = current.resolve(location.get().strip());
    } catch (IllegalArgumentException e) {
      throw refused(server, what, shown, "not a valid URI");
    }
    String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw refused(server, what, shown, "a " + scheme + ": location");
    }
    if (next.getHost() == null || next.getHost().isBlank()) {
      throw refused(server, what, shown, "no host");
    }
    return next;
  }

  private static AimException refused(String server, String what, String location, String why) {
    return AimException.failure(
        server
            + " redirected "
            + what
            + " to '"
            + location
            + "' ("
            + why
            + "): only http and https are followed; check HF_ENDPOINT and any proxy or mirror");
  }
}
