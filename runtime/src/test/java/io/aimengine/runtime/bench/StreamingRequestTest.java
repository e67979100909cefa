package io.aimengine.runtime.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.core.bench.RequestOutcome;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How one streamed response is read: which chunks are tokens, usage, and broken streams. */
class StreamingRequestTest {
  final OkHttpClient client = BenchHttp.create(2, Duration.ofSeconds(10));

  @AfterEach
  void close() {
    BenchHttp.close(client);
  }

  @Test
  void chatTokensAreChunksWithContentOrReasoningAndUsageGivesTheCounts() throws Exception {
    RequestOutcome o =
        send(
            Api.CHAT,
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\n"
                + ": a comment\n\n"
                + "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"hm\"}}]}\n\n"
                + "data:{\"choices\":[{\"index\":0,\"delta\":{\"content\":\" a\"},\"x\":[1,{}]}]}\r\n\r\n"
                + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":"
                + "\"stop\"}]}\n\n"
                + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":5}}\n\n"
                + "data: [DONE]\n\n");
    assertThat(o.success()).as(String.valueOf(o.error())).isTrue();
    assertThat(o.itlNanos()).hasSize(1); // two token-bearing chunks
    assertThat(o.promptTokens()).isEqualTo(7);
    assertThat(o.outputTokens()).isEqualTo(5);
  }

  @Test
  void completionTokensAreChunksWithTextAndWithoutUsageThePromptIsEstimated() throws Exception {
    RequestOutcome o =
        send(
            Api.COMPLETIONS,
            "data: {\"choices\":[{\"index\":0,\"text\":\" a\"}]}\n\n"
                + "data: {\"choices\":[{\"index\":0,\"text\":\" b\"},{\"index\":1,\"text\":\"c\"}]}\n\n"
                + "data: {\"choices\":[{\"index\":0,\"text\":\" c\"}],\"usage\":null}\n\n"
                + "data: {\"choices\":[{\"index\":0,\"text\":\"\",\"finish_reason\":\"length\"}]}\n\n"
                + "data: [DONE]\n\n");
    assertThat(o.success()).isTrue();
    assertThat(o.itlNanos()).hasSize(2);
    assertThat(o.promptTokens()).isEqualTo(42); // the estimate passed in
    assertThat(o.outputTokens()).isZero();
    assertThat(o.countedOutputTokens()).isEqualTo(3);
  }

  @Test
  void aChunkThatIsNotJsonIsABadStream() throws Exception {
    RequestOutcome o =
        send(
            Api.CHAT,
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" a\"}}]}\n\n"
                + "data: {\"choices\":[{\"delta\"\n\n");
    assertThat(o.error().kind()).isEqualTo("bad_stream");
    assertThat(o.error().detail()).startsWith("a chunk is not JSON: {\"choices\"");
  }

  @Test
  void anErrorInTheStreamFailsTheRequestWithItsWords() throws Exception {
    RequestOutcome o =
        send(
            Api.CHAT,
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" a\"}}]}\n\n"
                + "data: {\"error\":{\"message\":\"out of memory\",\"code\":500}}\n\n");
    assertThat(o.error().kind()).isEqualTo("stream_error");
    assertThat(o.error().detail()).isEqualTo("{\"message\":\"out of memory\",\"code\":500}");
  }

  @Test
  void aStreamWithoutTokensFails() throws Exception {
    RequestOutcome o =
        send(
            Api.CHAT,
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\n"
                + "data: 3\n\ndata:\n\n"
                + "data: [DONE]\n\n");
    assertThat(o.error().kind()).isEqualTo("no_tokens");
  }

  /** Sends one request to a loopback server that answers with {@code events} as the SSE body. */
  private RequestOutcome send(Api api, String events) throws Exception {
    byte[] body = events.getBytes(StandardCharsets.UTF_8);
    byte[] response =
        ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: "
                + body.length
                + "\r\n\r\n"
                + events)
            .getBytes(StandardCharsets.UTF_8);
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread t = Thread.ofVirtual().start(() -> answer(server, response));
      StreamingRequest sender =
          new StreamingRequest(client, "http://127.0.0.1:" + server.getLocalPort(), api, null);
      RequestOutcome o = sender.send("{}".getBytes(StandardCharsets.UTF_8), System.nanoTime(), 42);
      t.join(5000);
      return o;
    }
  }

  private static void answer(ServerSocket server, byte[] response) {
    try (Socket s = server.accept();
        InputStream in = new BufferedInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream()) {
      OwnPathWarmUp.skipRequest(in);
      out.write(response);
      out.flush();
    } catch (IOException e) {
      // the client went away
    }
  }
}
