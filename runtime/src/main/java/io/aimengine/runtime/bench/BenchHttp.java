package io.aimengine.runtime.bench;

import io.aimengine.runtime.http.HttpClients;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;

/**
 * The benchmark's one HTTP client, derived from the project's {@link HttpClients#loopback} (no
 * proxy, redirects not followed) with its own connection pool: one kept-alive connection per
 * concurrent request, so a sweep at high concurrency never reconnects because the shared pool's
 * idle limit closed a connection between two requests. Calls are made synchronously from virtual
 * threads, so OkHttp's dispatcher limits do not apply. Failed connections are not retried: a retry
 * would hide an error the benchmark must count. TLS is allowed, for endpoints behind HTTPS.
 */
public final class BenchHttp {
  private BenchHttp() {}

  /**
   * A client for up to {@code connections} concurrent requests, failing a request that receives no
   * byte for {@code readTimeout}.
   */
  public static OkHttpClient create(int connections, Duration readTimeout) {
    return HttpClients.loopback(readTimeout)
        .newBuilder()
        .connectionPool(new ConnectionPool(Math.max(5, connections), 5, TimeUnit.MINUTES))
        .connectionSpecs(List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT))
        .connectTimeout(Duration.ofSeconds(10))
        .writeTimeout(Duration.ofSeconds(30))
        .retryOnConnectionFailure(false)
        .build();
  }

  /** Ends the client's connections (its own pool; the shared one is left alone). */
  public static void close(OkHttpClient client) {
    client.connectionPool().evictAll();
  }
}
