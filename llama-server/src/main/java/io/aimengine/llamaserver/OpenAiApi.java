package io.aimengine.llamaserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import de.kherud.llama.Pair;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.function.Predicate;

/**
 * The HTTP surface: {@code /health}, {@code /v1/models}, {@code /v1/completions}, {@code
 * /v1/chat/completions} (with {@code "stream": true} as server-sent events ending in {@code data:
 * [DONE]}), {@code /metrics}. While the model loads every path but /metrics answers 503, as
 * llama-server does.
 */
final class OpenAiApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ServerOptions options;
  private final Metrics metrics = new Metrics();
  private final Semaphore slots;
  private volatile LlamaGenerator generator;
  private volatile boolean stopping;

  OpenAiApi(ServerOptions options) {
    this.options = options;
    this.slots = new Semaphore(Math.max(1, options.parallel()), true);
  }

  void ready(LlamaGenerator g) {
    this.generator = g;
  }

  /**
   * Runs the completion path once (tokenize, one token, JSON body) before the server reports
   * healthy, so the first real request does not pay for class loading and compilation.
   */
  static void warmUp(LlamaGenerator g) {
    LlamaGenerator.Request r = new LlamaGenerator.Request("Hello", 1, 0f, 1f, 0, List.of());
    LlamaGenerator.Result res = g.generate(r, piece -> true);
    body("warm-up", "warm-up", false, res).toString();
    body("warm-up", "warm-up", true, res).toString();
  }

  void stopping() {
    this.stopping = true;
  }

  void register(HttpServer server) {
    server.createContext("/health", ex -> handle(ex, this::health));
    server.createContext("/v1/models", ex -> handle(ex, this::models));
    server.createContext("/v1/completions", ex -> handle(ex, e -> complete(e, false)));
    server.createContext("/v1/chat/completions", ex -> handle(ex, e -> complete(e, true)));
    server.createContext("/metrics", ex -> handle(ex, this::metrics));
  }

  private interface Handler {
    void handle(HttpExchange ex) throws IOException;
  }

  private void handle(HttpExchange ex, Handler h) {
    try (ex) {
      h.handle(ex);
    } catch (IOException | RuntimeException e) {
      try {
        error(ex, 500, "server_error", String.valueOf(e.getMessage()));
      } catch (IOException | RuntimeException ignored) {
        // the client is gone or headers went out already
      }
    }
  }

  private boolean loaded(HttpExchange ex) throws IOException {
    if (generator == null || stopping) {
      error(ex, 503, "unavailable_error", stopping ? "Shutting down" : "Loading model");
      return false;
    }
    return true;
  }

  private void health(HttpExchange ex) throws IOException {
    if (loaded(ex)) {
      send(ex, 200, JSON.createObjectNode().put("status", "ok"));
    }
  }

  private void models(HttpExchange ex) throws IOException {
    if (!loaded(ex)) {
      return;
    }
    ObjectNode m = JSON.createObjectNode();
    m.put("id", options.alias())
        .put("object", "model")
        .put("created", System.currentTimeMillis() / 1000)
        .put("owned_by", "llamacpp");
    ObjectNode list = JSON.createObjectNode().put("object", "list");
    list.putArray("data").add(m);
    send(ex, 200, list);
  }

  private void metrics(HttpExchange ex) throws IOException {
    byte[] body = metrics.render().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
    ex.sendResponseHeaders(200, body.length);
    ex.getResponseBody().write(body);
  }

  private void complete(HttpExchange ex, boolean chat) throws IOException {
    if (!"POST".equals(ex.getRequestMethod())) {
      error(ex, 405, "invalid_request_error", "use POST");
      return;
    }
    if (!loaded(ex)) {
      return;
    }
    metrics.requests.incrementAndGet();
    JsonNode req;
    try {
      req = JSON.readTree(ex.getRequestBody());
    } catch (IOException e) {
      metrics.requestErrors.incrementAndGet();
      error(ex, 400, "invalid_request_error", "request body is not JSON");
      return;
    }
    String prompt;
    try {
      prompt = chat ? chatPrompt(req) : textPrompt(req);
    } catch (IllegalArgumentException e) {
      metrics.requestErrors.incrementAndGet();
      error(ex, 400, "invalid_request_error", e.getMessage());
      return;
    }
    int max = req.path(chat ? "max_completion_tokens" : "max_tokens").asInt(0);
    if (max <= 0) {
      max = req.path("max_tokens").asInt(chat ? 256 : 16);
    }
    List<String> stop = new ArrayList<>();
    JsonNode s = req.path("stop");
    if (s.isTextual()) {
      stop.add(s.asText());
    } else if (s.isArray()) {
      s.forEach(n -> stop.add(n.asText()));
    }
    LlamaGenerator.Request r =
        new LlamaGenerator.Request(
            prompt,
            max,
            (float) req.path("temperature").asDouble(0.8),
            (float) req.path("top_p").asDouble(0.95),
            req.path("seed").asLong(options.seed()),
            stop);
    String id = (chat ? "chatcmpl-" : "cmpl-") + UUID.randomUUID().toString().replace("-", "");
    String model = req.path("model").asText(options.alias());
    boolean stream = req.path("stream").asBoolean(false);

    metrics.deferred.incrementAndGet();
    slots.acquireUninterruptibly();
    metrics.deferred.decrementAndGet();
    metrics.processing.incrementAndGet();
    long t0 = System.nanoTime();
    try {
      if (stream) {
        stream(ex, r, id, model, chat);
      } else {
        LlamaGenerator.Result res = generator.generate(r, piece -> true);
        account(res, t0);
        send(ex, 200, body(id, model, chat, res));
      }
    } finally {
      metrics.processing.decrementAndGet();
      slots.release();
    }
  }

  private void account(LlamaGenerator.Result res, long t0) {
    metrics.promptTokens.addAndGet(res.promptTokens());
    metrics.predictedTokens.addAndGet(res.completionTokens());
    metrics.predictNanos.addAndGet(System.nanoTime() - t0);
  }

  private void stream(
      HttpExchange ex, LlamaGenerator.Request r, String id, String model, boolean chat)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/event-stream");
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    long t0 = System.nanoTime();
    if (chat) {
      ObjectNode first = chunk(id, model, true);
      ((ObjectNode) first.withArray("choices").get(0)).putObject("delta").put("role", "assistant");
      event(out, first.toString());
    }
    Predicate<String> sink =
        piece -> {
          ObjectNode c = chunk(id, model, chat);
          ObjectNode choice = (ObjectNode) c.withArray("choices").get(0);
          if (chat) {
            choice.putObject("delta").put("content", piece);
          } else {
            choice.put("text", piece);
          }
          try {
            event(out, c.toString());
            return true;
          } catch (IOException e) {
            return false;
          }
        };
    LlamaGenerator.Result res = generator.generate(r, sink);
    account(res, t0);
    ObjectNode last = chunk(id, model, chat);
    ObjectNode choice = (ObjectNode) last.withArray("choices").get(0);
    if (chat) {
      choice.putObject("delta");
    } else {
      choice.put("text", "");
    }
    choice.put("finish_reason", res.finishReason());
    last.set("usage", usage(res));
    event(out, last.toString());
    event(out, "[DONE]");
  }

  private static void event(OutputStream out, String data) throws IOException {
    out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static ObjectNode chunk(String id, String model, boolean chat) {
    ObjectNode c = JSON.createObjectNode();
    c.put("id", id)
        .put("object", chat ? "chat.completion.chunk" : "text_completion")
        .put("created", System.currentTimeMillis() / 1000)
        .put("model", model);
    ObjectNode choice = c.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putNull("finish_reason");
    return c;
  }

  private static ObjectNode body(String id, String model, boolean chat, LlamaGenerator.Result res) {
    ObjectNode c = JSON.createObjectNode();
    c.put("id", id)
        .put("object", chat ? "chat.completion" : "text_completion")
        .put("created", System.currentTimeMillis() / 1000)
        .put("model", model);
    ObjectNode choice = c.putArray("choices").addObject();
    choice.put("index", 0);
    if (chat) {
      choice.putObject("message").put("role", "assistant").put("content", res.text());
    } else {
      choice.put("text", res.text());
      choice.putNull("logprobs");
    }
    choice.put("finish_reason", res.finishReason());
    c.set("usage", usage(res));
    return c;
  }

  private static ObjectNode usage(LlamaGenerator.Result res) {
    return JSON.createObjectNode()
        .put("prompt_tokens", res.promptTokens())
        .put("completion_tokens", res.completionTokens())
        .put("total_tokens", res.promptTokens() + res.completionTokens());
  }

  private static String textPrompt(JsonNode req) {
    JsonNode p = req.path("prompt");
    if (p.isTextual()) {
      return p.asText();
    }
    if (p.isArray() && p.size() == 1 && p.get(0).isTextual()) {
      return p.get(0).asText();
    }
    throw new IllegalArgumentException("'prompt' must be a string");
  }

  private String chatPrompt(JsonNode req) {
    JsonNode msgs = req.path("messages");
    if (!msgs.isArray() || msgs.isEmpty()) {
      throw new IllegalArgumentException("'messages' must be a non-empty array");
    }
    StringBuilder system = new StringBuilder();
    List<Pair<String, String>> turns = new ArrayList<>();
    for (JsonNode m : (ArrayNode) msgs) {
      String role = m.path("role").asText("");
      String content = content(m.path("content"));
      switch (role) {
        case "system", "developer" -> system.append(system.isEmpty() ? "" : "\n").append(content);
        case "user", "assistant" -> turns.add(new Pair<>(role, content));
        default -> throw new IllegalArgumentException("unsupported message role '" + role + "'");
      }
    }
    return generator.chatPrompt(system.isEmpty() ? null : system.toString(), turns);
  }

  /** Message content: a string, or the text parts of an array of content parts. */
  private static String content(JsonNode c) {
    if (c.isTextual()) {
      return c.asText();
    }
    if (c.isArray()) {
      StringBuilder b = new StringBuilder();
      c.forEach(part -> b.append(part.path("text").asText("")));
      return b.toString();
    }
    throw new IllegalArgumentException("message 'content' must be a string or an array of parts");
  }

  private static void send(HttpExchange ex, int code, JsonNode body) throws IOException {
    byte[] b = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(code, b.length);
    ex.getResponseBody().write(b);
  }

  private static void error(HttpExchange ex, int code, String type, String message)
      throws IOException {
    ObjectNode e = JSON.createObjectNode();
    e.putObject("error").put("code", code).put("message", message).put("type", type);
    send(ex, code, e);
  }
}
