package io.aimengine.runtime.http;

import java.net.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * The one place that configures HTTP clients (OkHttp). Every client it hands out shares one
 * connection pool and one dispatcher, so connections to the same origin are reused across the Hub
 * client, downloads, probes and load generators of a process. Two kinds:
 *
 * <ul>
 *   <li>{@link #internet}: for the Hub, its CDN and anything else off this machine. Proxies from
 *       {@link ProxyRules} (proxy credentials answered on a 407), redirects never followed (callers
 *       decide where a token may go), HTTP/1.1 only so parallel ranges use parallel connections, as
 *       CDNs expect, and responses never silently gunzipped when the caller asked for identity.
 *   <li>{@link #loopback}: for engines on this machine (health, readiness, smoke, load). No proxy
 *       whatever the environment says, cleartext only, so building it never initialises the TLS
 *       stack (about half a second of a short-lived CLI's start-up).
 * </ul>
 *
 * Callers set their own timeouts with {@code newBuilder()} on the returned client (cheap: the pool
 * stays shared). Thread-safe.
 */
public final class HttpClients {
  /** Idle connections kept per process: enough for a parallel download's ranges. */
  private static final int IDLE_CONNECTIONS = 32;

  private static final OkHttpClient ROOT =
      new OkHttpClient.Builder()
          .connectionPool(new ConnectionPool(IDLE_CONNECTIONS, 5, TimeUnit.MINUTES))
          .followRedirects(false)
          .followSslRedirects(false)
          .retryOnConnectionFailure(true)
          .connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
          .proxy(Proxy.NO_PROXY)
          .build();

  private HttpClients() {}

  /**
   * A client for hosts off this machine through {@code rules}, with {@code connect} as the connect
   * timeout and {@code read} as the longest wait for the next bytes of a response.
   */
  public static OkHttpClient internet(ProxyRules rules, Duration connect, Duration read) {
    return ROOT.newBuilder()
        .connectionSpecs(List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT))
        .protocols(List.of(Protocol.HTTP_1_1))
        .proxy(null)
        .proxySelector(rules.selector())
        .proxyAuthenticator(
            (route, response) -> {
              if (route == null || response.request().header("Proxy-Authorization") != null) {
                return null; // no credentials, or they were refused: report the 407
              }
              return rules
                  .credentialsFor(route.proxy().address())
                  .map(
                      e ->
                          response
                              .request()
                              .newBuilder()
                              .header(
                                  "Proxy-Authorization", Credentials.basic(e.user(), e.password()))
                              .build())
                  .orElse(null);
            })
        .connectTimeout(connect)
        .readTimeout(read)
        .writeTimeout(read)
        .build();
  }

  /**
   * A client for engines on this machine: never through a proxy, cleartext only, {@code timeout}
   * for connecting and for each read.
   */
  public static OkHttpClient loopback(Duration timeout) {
    return ROOT.newBuilder()
        .connectTimeout(timeout)
        .readTimeout(timeout)
        .writeTimeout(timeout)
        .build();
  }
}
