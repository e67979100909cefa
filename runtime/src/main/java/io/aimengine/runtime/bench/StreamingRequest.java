package io.aimengine.runtime.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimengine.core.bench.RequestError;
import io.aimengine.core.bench.RequestOutcome;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

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
  private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

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
   * The request that sends {@code body}: immutable, so a run builds one per prompt and sends it as
   * often as it likes (building one parses the URL and assembles headers: a quarter of the
   * generator's allocation per request when done per send).
   */
  public Request request(byte[] body) {
    Request.Builder rb = new Request.Builder().url(url).post(RequestBody.create(body, JSON_TYPE));
    if (apiKey != null) {
      rb.header("Authorization", "Bearer " + apiKey);
    }
    return rb.build();
  }

  /** {@link #send(Request, long, int)} of {@link #request(byte[]) request(body)}. */
  public RequestOutcome send(byte[] body, long runStartNanos, int estimatedPromptTokens) {
    return send(request(body), runStartNanos, estimatedPromptTokens);
  }

  /**
   * Sends {@code request} (one of {@link #request(byte[])}) and returns its outcome; never throws
   * for what the endpoint does.
   *
   * @param runStartNanos the run's {@link System#nanoTime()} origin, for {@code startNanos}
   * @param estimatedPromptTokens the prompt length to report when the engine sends no usage
   */
  public RequestOutcome send(Request request, long runStartNanos, int estimatedPromptTokens) {
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
      return read(response.body().source(), st, start, estimatedPromptTokens);
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

  private static RequestOutcome read(BufferedSource in, long st, long start, int estimatedPrompt)
      throws IOException {
    long first = -1;
    long last = st;
    long[] itl = new long[64];
    int chunks = 0;
    int promptTokens = -1;
    int outputTokens = 0;
    byte[] line;
    while ((line = nextLine(in)) != null) {
      if (!startsWith(line, DATA)) {
        continue; // blank separators, comments, other fields
      }
      int from = line.length > 5 && line[5] == ' ' ? 6 : 5;
      int to = line.length;
      while (from < to && (line[from] & 0xff) <= ' ') {
        from++;
      }
      while (to > from && (line[to - 1] & 0xff) <= ' ') {
        to--;
      }
      if (to - from == DONE.length && Arrays.equals(line, from, to, DONE, 0, DONE.length)) {
        break;
      }
      long now = System.nanoTime();
      Chunk chunk;
      try {
        chunk = Chunk.scan(line, from, to - from);
      } catch (StreamReadException e) {
        String data = new String(line, from, to - from, StandardCharsets.UTF_8);
        return RequestOutcome.failed(
            start, now - st, new RequestError("bad_stream", "a chunk is not JSON: " + clip(data)));
      }
      if (chunk.carriesText()) {
        if (first < 0) {
          first = now;
        } else {
          if (chunks - 1 >= itl.length) {
            itl = Arrays.copyOf(itl, itl.length * 2);
          }
          itl[chunks - 1] = now - last;
        }
        chunks++;
        last = now;
      }
      if (chunk.completionTokens() != Chunk.ABSENT) {
        outputTokens = chunk.completionTokens();
      }
      if (chunk.promptTokens() != Chunk.ABSENT) {
        promptTokens = chunk.promptTokens();
      }
      if (chunk.error()) {
        String error = JSON.readTree(line, from, to - from).get("error").toString();
        return RequestOutcome.failed(
            start, now - st, new RequestError("stream_error", clip(error)));
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
        Arrays.copyOf(itl, Math.max(0, chunks - 1)),
        last - st,
        promptTokens >= 0 ? promptTokens : estimatedPrompt,
        outputTokens);
  }

  /**
   * The next line of the stream without its line break ({@code \n} or {@code \r\n}), as bytes: no
   * string is made of a line that is only scanned; null at the end of the stream.
   */
  private static byte[] nextLine(BufferedSource in) throws IOException {
    long nl = in.indexOf((byte) '\n');
    if (nl < 0) {
      return in.exhausted() ? null : in.readByteArray();
    }
    byte[] line = in.readByteArray(nl);
    in.skip(1);
    return line.length > 0 && line[line.length - 1] == '\r'
        ? Arrays.copyOf(line, line.length - 1)
        : line;
  }

  private static boolean startsWith(byte[] line, byte[] prefix) {
    return line.length >= prefix.length
        && Arrays.equals(line, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return clip(nl < 0 ? s : s.substring(0, nl));
  }

  private static String clip(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }

  /**
   * What the generator needs from one chunk, read with Jackson's streaming parser rather than as a
   * tree (the tree was a fifth of the generator's allocation, and allocation is what makes the
   * collector pause): whether its first choice carries text ({@code delta.content}, {@code
   * delta.reasoning_content}, or, without a {@code delta}, {@code text}), the usage counts ({@link
   * #ABSENT} when not given), and whether it has an {@code error}.
   */
  private record Chunk(boolean carriesText, int promptTokens, int completionTokens, boolean error) {
    static final int ABSENT = Integer.MIN_VALUE;

    static Chunk scan(byte[] data, int offset, int length) throws IOException {
      try (JsonParser p = JSON.getFactory().createParser(data, offset, length)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          p.skipChildren();
          return new Chunk(false, ABSENT, ABSENT, false);
        }
        boolean text = false;
        boolean error = false;
        int prompt = ABSENT;
        int completion = ABSENT;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken value = p.nextToken();
          if (name.equals("choices") && value == JsonToken.START_ARRAY) {
            text = firstChoiceCarriesText(p);
          } else if (name.equals("usage") && value == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String field = p.currentName();
              p.nextToken();
              if (field.equals("prompt_tokens")) {
                prompt = count(p, prompt);
              } else if (field.equals("completion_tokens")) {
                completion = count(p, completion);
              } else {
                p.skipChildren();
              }
            }
          } else {
            error |= name.equals("error");
            p.skipChildren();
          }
        }
        return new Chunk(text, prompt, completion, error);
      }
    }

    /** At a choices array's start; leaves the parser at its end. */
    private static boolean firstChoiceCarriesText(JsonParser p) throws IOException {
      JsonToken t = p.nextToken();
      boolean text = false;
      if (t == JsonToken.START_OBJECT) {
        boolean delta = false;
        boolean deltaText = false;
        boolean plainText = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken value = p.nextToken();
          if (name.equals("delta")) {
            delta = true;
            if (value == JsonToken.START_OBJECT) {
              while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                deltaText |=
                    (field.equals("content") || field.equals("reasoning_content"))
                        && v == JsonToken.VALUE_STRING
                        && p.getTextLength() > 0;
                p.skipChildren();
              }
            } else {
              p.skipChildren();
            }
          } else if (name.equals("text")) {
            plainText = value == JsonToken.VALUE_STRING && p.getTextLength() > 0;
            p.skipChildren();
          } else {
            p.skipChildren();
          }
        }
        text = delta ? deltaText : plainText;
      } else {
        p.skipChildren();
      }
      while (t != JsonToken.END_ARRAY && (t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (t == null) {
          throw new JsonEOFException(p, null, "a chunk ends inside its choices");
        }
        p.skipChildren();
      }
      return text;
    }

    /** A count as Jackson's {@code asInt(previous)} reads it: a number, or digits in a string. */
    private static int count(JsonParser p, int previous) throws IOException {
      return switch (p.currentToken()) {
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getValueAsInt(previous);
        case VALUE_STRING -> p.getValueAsInt(previous);
        default -> {
          p.skipChildren();
          yield previous;
        }
      };
    }
  }
}
