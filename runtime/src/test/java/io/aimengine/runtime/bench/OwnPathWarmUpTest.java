package io.aimengine.runtime.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * The warm-up's requests go through the generator's own path and succeed, chunked as servers send.
 */
class OwnPathWarmUpTest {
  @Test
  void everyWarmUpRequestSucceedsThroughTheGeneratorsOwnPath() {
    OkHttpClient client = BenchHttp.create(2, Duration.ofSeconds(10));
    try {
      // The endpoint is never contacted: nothing listens there.
      StreamingRequest sender = new StreamingRequest(client, "http://127.0.0.1:9", Api.CHAT, null);
      byte[][] bodies = {"{}".getBytes(StandardCharsets.UTF_8)};
      int ok = OwnPathWarmUp.run(sender, bodies, 1, 0);
      assertThat(ok).isEqualTo(OwnPathWarmUp.BATCH);
    } finally {
      BenchHttp.close(client);
    }
  }
}
