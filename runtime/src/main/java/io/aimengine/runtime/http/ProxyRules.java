package io.aimengine.runtime.http;

import io.aimengine.core.AimException;
import io.aimengine.core.config.Settings;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which proxy a URL goes through, from the environment as curl and huggingface_hub read it: {@code
 * https_proxy}/{@code HTTPS_PROXY} for https URLs, {@code http_proxy}/{@code HTTP_PROXY} for http
 * ones, {@code all_proxy}/{@code ALL_PROXY} for a scheme without its own, lower case first; hosts
 * matching {@code no_proxy}/{@code NO_PROXY} ({@link NoProxy}) go direct. When no proxy variable is
 * set at all, the JVM's own selector decides ({@code -Dhttps.proxyHost} and friends), as before.
 * Immutable and thread-safe.
 *
 * @param https the proxy for https URLs, null for direct
 * @param http the proxy for http URLs, null for direct
 * @param noProxy hosts reached directly
 * @param fallback the selector used when no proxy variable is set, null when one is
 */
public record ProxyRules(Endpoint https, Endpoint http, NoProxy noProxy, ProxySelector fallback) {

  /**
   * One proxy from a variable.
   *
   * @param variable the variable it came from, for messages
   * @param user user name from the URL, null when none (never printed)
   * @param password password from the URL, null when none (never printed)
   */
  public record Endpoint(
      String variable, Proxy.Type type, String host, int port, String user, String password) {
    Proxy proxy() {
      return new Proxy(type, InetSocketAddress.createUnresolved(host, port));
    }

    /** "http://host:port", never the credentials. */
    @Override
    public String toString() {
      return (type == Proxy.Type.SOCKS ? "socks5" : "http") + "://" + host + ":" + port;
    }
  }

  /** Rules read from these settings; the JVM's default selector when no proxy variable is set. */
  public static ProxyRules from(Settings s) {
    Endpoint https =
        s.proxyFor("https").map(v -> parse(s.proxyVariableFor("https").get(), v)).orElse(null);
    Endpoint http =
        s.proxyFor("http").map(v -> parse(s.proxyVariableFor("http").get(), v)).orElse(null);
    NoProxy no = NoProxy.parse(s.noProxy().orElse(""));
    return https == null && http == null ? jvm() : new ProxyRules(https, http, no, null);
  }

  /** The JVM's own proxy settings ({@code -Dhttps.proxyHost} and friends), else direct. */
  public static ProxyRules jvm() {
    ProxySelector d = ProxySelector.getDefault();
    return d == null ? direct() : new ProxyRules(null, null, NoProxy.parse(""), d);
  }

  /** Rules that send everything direct (loopback probes). */
  public static ProxyRules direct() {
    return new ProxyRules(null, null, NoProxy.parse(""), null);
  }

  /** The proxy for {@code uri}: the list a {@link ProxySelector} returns. */
  public List<Proxy> select(URI uri) {
    if (fallback != null) {
      List<Proxy> l = fallback.select(uri);
      return l == null || l.isEmpty() ? List.of(Proxy.NO_PROXY) : l;
    }
    Optional<Endpoint> e = endpointFor(uri);
    return List.of(e.map(Endpoint::proxy).orElse(Proxy.NO_PROXY));
  }

  /** The proxy variable that applies to {@code uri}, empty for a direct connection. */
  public Optional<Endpoint> endpointFor(URI uri) {
    if (fallback != null || uri.getHost() == null) {
      return Optional.empty();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    Endpoint e = scheme.equals("https") ? https : scheme.equals("http") ? http : null;
    if (e == null || noProxy.matches(uri.getHost(), port(uri))) {
      return Optional.empty();
    }
    return Optional.of(e);
  }

  /** The credentials for the proxy at {@code address}, when its URL carried them. */
  Optional<Endpoint> credentialsFor(SocketAddress address) {
    if (!(address instanceof InetSocketAddress a)) {
      return Optional.empty();
    }
    for (Endpoint e : new Endpoint[] {https, http}) {
      if (e != null
          && e.user() != null
          && e.host().equalsIgnoreCase(a.getHostString())
          && e.port() == a.getPort()) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /** These rules as a selector for clients that take one. */
  public ProxySelector selector() {
    ProxyRules rules = this;
    return new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        return rules.select(uri);
      }

      @Override
      public void connectFailed(URI uri, SocketAddress sa, java.io.IOException ioe) {
        if (rules.fallback != null) {
          rules.fallback.connectFailed(uri, sa, ioe);
        }
      }
    };
  }

  private static int port(URI uri) {
    if (uri.getPort() > 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  /**
   * Parses a proxy variable's value as curl does: {@code host:port} alone means http; the scheme
   * may be http, socks5 or socks5h; the port defaults to 1080 (curl's default).
   *
   * @throws AimException (invalid input) naming the variable when the value is not a proxy URL
   */
  static Endpoint parse(String variable, String value) {
    String v = value.strip();
    String withScheme = v.contains("://") ? v : "http://" + v;
    URI u;
    try {
      u = new URI(withScheme);
    } catch (java.net.URISyntaxException e) {
      throw bad(variable, value, "not a URL");
    }
    String scheme = u.getScheme().toLowerCase(Locale.ROOT);
    Proxy.Type type =
        switch (scheme) {
          case "http" -> Proxy.Type.HTTP;
          case "socks5", "socks5h" -> Proxy.Type.SOCKS;
          case "https" ->
              throw bad(
                  variable,
                  value,
                  "a proxy reached over TLS is not supported; use http://HOST:PORT");
          default -> throw bad(variable, value, "scheme '" + scheme + "' is not http or socks5");
        };
    if (u.getHost() == null || u.getHost().isEmpty()) {
      throw bad(variable, value, "no host");
    }
    String user = null;
    String password = null;
    if (u.getRawUserInfo() != null) {
      String[] up = u.getRawUserInfo().split(":", 2);
      user = URLDecoder.decode(up[0], StandardCharsets.UTF_8);
      password = up.length > 1 ? URLDecoder.decode(up[1], StandardCharsets.UTF_8) : "";
    }
    String host = u.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new Endpoint(variable, type, host, u.getPort() > 0 ? u.getPort() : 1080, user, password);
  }

  private static AimException bad(String variable, String value, String why) {
    // The value may carry a password: show it only up to the host.
    String shown = value.replaceAll("//[^@/]*@", "//***@");
    return AimException.invalid(
        variable
            + "='"
            + shown
            + "' is not a proxy: "
            + why
            + " (expected http://[user:password@]host:port)");
  }
}
