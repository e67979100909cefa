package io.aimengine.core.engine;

/**
 * The address an engine listens on. Loopback by default, as Ollama does: an engine serves the
 * network only when asked with {@code --host 0.0.0.0} (or {@code ::}), and what AIM Engine prints
 * says which one it is. Pure string logic; no name resolution.
 */
public final class BindAddress {
  /** The default: this host only. */
  public static final String LOOPBACK = "127.0.0.1";

  /** Every IPv4 interface. */
  public static final String ANY_IPV4 = "0.0.0.0";

  private BindAddress() {}

  /** {@code host}, or {@link #LOOPBACK} when null or blank. */
  public static String orLoopback(String host) {
    return host == null || host.isBlank() ? LOOPBACK : host.trim();
  }

  /** Whether {@code host} means every interface ({@code 0.0.0.0}, {@code ::}, {@code [::]}). */
  public static boolean isWildcard(String host) {
    return host != null
        && (host.equals(ANY_IPV4)
            || host.equals("::")
            || host.equals("[::]")
            || host.equals("0:0:0:0:0:0:0:0"));
  }

  /**
   * The address a client on this host connects to: the bind address itself, or loopback when the
   * engine listens on every interface. IPv6 literals are bracketed, ready for a URL.
   */
  public static String reachable(String host) {
    String h = isWildcard(host) ? LOOPBACK : orLoopback(host);
    return h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h;
  }

  /** The base URL a client on this host uses: {@code http://ADDR:PORT}. */
  public static String url(String host, int port) {
    return "http://" + reachable(host) + ":" + port;
  }

  /**
   * What to add after a printed URL so that it tells the whole truth: for a wildcard bind, that
   * every interface serves it ({@code "; listening on all interfaces (0.0.0.0:8080)"}); nothing
   * otherwise, the URL's own address being the only one.
   */
  public static String note(String host, int port) {
    return isWildcard(host) ? "; listening on all interfaces (" + host + ":" + port + ")" : "";
  }

  /** The {@code docker run -p} value publishing {@code port} on {@code host} only. */
  static String publish(String host, int port) {
    String h = orLoopback(host);
    if (isWildcard(h)) {
      return port + ":" + port;
    }
    return (h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h) + ":" + port + ":" + port;
  }

  /**
   * Checks a {@code --host} value: an IPv4 or IPv6 literal or a host name, nothing a shell or an
   * engine's argument parser could read as more.
   *
   * @throws IllegalArgumentException naming what was expected
   */
  public static String validate(String host) {
    String h = orLoopback(host);
    if (!h.matches("[A-Za-z0-9._:\\[\\]%-]+") || h.startsWith("-")) {
      throw new IllegalArgumentException(
          "expected an IP address or host name (127.0.0.1 for this host only, 0.0.0.0 for every"
              + " interface), got '"
              + h
              + "'");
    }
    return h;
  }
}
