package io.aimengine.runtime.bench;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimengine.core.bench.RequestError;
import io.aimengine.core.bench.RequestOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Sends one streaming request and times it as vLLM's {@code async_request_openai_*} functions do
 * ({@code vllm/benchmarks/lib/endpoint_request_func.py}): the clock starts just before the request
 * is sent; TTFT is the arrival of the first token-bearing chunk; each later token-bearing chunk
 * adds one inter-token latency; the request's latency ends at the last token-bearing chunk. Usage
 * chunks set the token counts.
 *
 * <p>One deliberate difference: vLLM counts every chunk with a non-empty {@code choices} array as a
 * token; here a chunk counts when it carries text ({@code delta.content}, {@code
 * delta.reasoning_content} or {@code text}). Against vLLM's server the two agree (its role chunk is
 * sent together with the first token); against llama.cpp-style servers, which send the role chunk
 * before prefill and an empty finishing chunk, vLLM's rule would shorten TTFT and add a zero ITL.
 *
 * <p>Thread-safe; one instance serves a whole run.
 */
public final class StreamingRequest {
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OkHttpClient client;
  private final String url;
  private final String apiKey;
  private final Api api;

  /**
   * @param baseUrl the endpoint's base ({@code http://host:port}), without {@code /v1}
   * @param apiKey sent as a bearer token when not null (as vLLM's {@code OPENAI_API_KEY})
   */
  public StreamingRequest(OkHttpClient client, String baseUrl, Api api, String apiKey) {
    this.client = client;
    this.url = baseUrl.replaceAll("/+$", "") + api.path();
    this.apiKey = apiKey;
    this.api = api;
  }

  /** The same request, client and key sent to another base URL. */
  StreamingRequest towards(String baseUrl) {
    return new StreamingRequest(client, baseUrl, api, apiKey);
  }

  /**
   * Sends {@code body} and returns its outcome; never throws for what the endpoint does.
   *
   * @param runStartNanos the run's {@link System#nanoTime()} origin, for {@code startNanos}
   * @param estimatedPromptTokens the prompt length to report when the engine sends no usage
   */
  public RequestOutcome send(byte[] body, long runStartNanos, int estimatedPromptTokens) {
    Request.Builder rb = new Request.Builder().url(url).post(RequestBody.create(body, JSON_TYPE));
    if (apiKey != null) {
      rb.header("Authorization", "Bearer " + apiKey);
    }
    Request request = rb.build();
    long st = System.nanoTime();
    long start = st - runStartNanos;
    try (Response response = client.newCall(request).execute()) {
      if (response.code() != 200) {
        String detail = response.message();
        String text = response.body().string();
        if (!text.isBlank()) {
          detail = firstLine(text);
        }
        return RequestOutcome.failed(
            start, System.nanoTime() - st, RequestError.http(response.code(), detail));
      }
      return read(response.body().byteStream(), st, start, estimatedPromptTokens);
    } catch (InterruptedIOException e) {
      return RequestOutcome.failed(
          start,
          System.nanoTime() - st,
          new RequestError("timeout", String.valueOf(e.getMessage())));
    } catch (IOException e) {
      return RequestOutcome.failed(
          start,
          System.nanoTime() - st,
          new RequestError("connection", e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
  }

  private static RequestOutcome read(InputStream in, long st, long start, int estimatedPrompt)
      throws IOException {
    SseLines lines = new SseLines(in);
    long first = -1;
    long last = st;
    long[] itl = new long[64];
    int chunks = 0;
    int promptTokens = -1;
    int outputTokens = 0;
    String data;
    while ((data = lines.nextData()) != null) {
      if (data.equals("[DONE]")) {
        break;
      }
      long now = System.nanoTime();
      JsonNode node;
      try {
        node = JSON.readTree(data);
      } catch (JsonParseException e) {
        return RequestOutcome.failed(
            start, now - st, new RequestError("bad_stream", "a chunk is not JSON: " + clip(data)));
      }
      if (node == null) {
        continue;
      }
      JsonNode choices = node.path("choices");
      if (choices.isArray() && !choices.isEmpty() && carriesText(choices.get(0))) {
        if (first < 0) {
          first = now;
        } else {
          if (chunks - 1 >= itl.length) {
            itl = java.util.Arrays.copyOf(itl, itl.length * 2);
          }
          itl[chunks - 1] = now - last;
        }
        chunks++;
        last = now;
      }
      JsonNode usage = node.get("usage");
      if (usage != null && usage.isObject()) {
        outputTokens = usage.path("completion_tokens").asInt(outputTokens);
        promptTokens = usage.path("prompt_tokens").asInt(promptTokens);
      }
      if (node.has("error")) {
        return RequestOutcome.failed(
            start, now - st, new RequestError("stream_error", clip(node.get("error").toString())));
      }
    }
    if (first < 0) {
      return RequestOutcome.failed(
          start,
          System.nanoTime() - st,
          new RequestError("no_tokens", "the stream ended without a token-bearing chunk"));
    }
    return RequestOutcome.ok(
        start,
        first - st,
        java.util.Arrays.copyOf(itl, Math.max(0, chunks - 1)),
        last - st,
        promptTokens >= 0 ? promptTokens : estimatedPrompt,
        outputTokens);
  }

  private static boolean carriesText(JsonNode choice) {
    JsonNode delta = choice.get("delta");
    if (delta != null) {
      return nonEmpty(delta.get("content")) || nonEmpty(delta.get("reasoning_content"));
    }
    return nonEmpty(choice.get("text"));
  }

  private static boolean nonEmpty(JsonNode n) {
    return n != null && n.isTextual() && !n.asText().isEmpty();
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return clip(nl < 0 ? s : s.substring(0, nl));
  }

  private static String clip(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }

  /** Server-sent events: yields the payload of each {@code data:} line; comments are skipped. */
  private static final class SseLines {
    private final InputStream in;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int end;
    private byte[] line = new byte[1024];

    SseLines(InputStream in) {
      this.in = in;
    }

    String nextData() throws IOException {
      String l;
      while ((l = nextLine()) != null) {
        if (l.startsWith("data:")) {
          return l.substring(l.length() > 5 && l.charAt(5) == ' ' ? 6 : 5).trim();
        }
      }
      return null;
    }

    private String nextLine() throws IOException {
      int n = 0;
      while (true) {
        if (pos == end) {
          end = in.read(buf);
          pos = 0;
          if (end <= 0) {
            end = 0;
            return n == 0 ? null : new String(line, 0, n, StandardCharsets.UTF_8);
          }
        }
        byte b = buf[pos++];
        if (b == '\n') {
          if (n > 0 && line[n - 1] == '\r') {
            n--;
          }
          return new String(line, 0, n, StandardCharsets.UTF_8);
        }
        if (n == line.length) {
          line = java.util.Arrays.copyOf(line, n * 2);
        }
        line[n++] = b;
      }
    }
  }
}
