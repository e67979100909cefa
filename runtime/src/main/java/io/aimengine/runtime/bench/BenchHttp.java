package io.aimengine.runtime.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * The benchmark's one HTTP client: OkHttp, kept-alive connections shared by every request of a run
 * (one per concurrent request; calls are made synchronously from virtual threads, so OkHttp's
 * dispatcher limits do not apply). Failed connections are not retried: a retry would hide an error
 * the benchmark must count.
 */
public final class BenchHttp {
  private BenchHttp() {}

  /**
   * A client for up to {@code connections} concurrent requests, failing a request that receives no
   * byte for {@code readTimeout}.
   */
  public static OkHttpClient create(int connections, Duration readTimeout) {
    return new OkHttpClient.Builder()
        .connectionPool(new ConnectionPool(Math.max(5, connections), 5, TimeUnit.MINUTES))
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(readTimeout)
        .writeTimeout(Duration.ofSeconds(30))
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .build();
  }

  /** Ends the client's connections and threads. */
  public static void close(OkHttpClient client) {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
