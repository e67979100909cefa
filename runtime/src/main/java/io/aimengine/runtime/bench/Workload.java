package io.aimengine.runtime.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What each benchmark request asks: the API, the model name, the prompts (taken in turn), and the
 * output length. With {@code fixedLength} the request also asks the engine not to stop early:
 * {@code ignore_eos: true} and {@code min_tokens} equal to the output length (vLLM and SGLang
 * honour both, llama.cpp's server {@code ignore_eos}; engines that do not know them ignore them).
 *
 * <p>Every request streams and asks for {@code stream_options.include_usage}, so token counts come
 * from the engine.
 */
public record Workload(
    Api api, String model, List<Prompt> prompts, int outputTokens, boolean fixedLength) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public Workload {
    if (prompts.isEmpty()) {
      throw new IllegalArgumentException("a workload needs at least one prompt");
    }
    prompts = List.copyOf(prompts);
  }

  public Workload withPrompts(List<Prompt> p) {
    return new Workload(api, model, p, outputTokens, fixedLength);
  }

  /** The prompt request {@code i} sends. */
  public Prompt prompt(long i) {
    return prompts.get((int) (i % prompts.size()));
  }

  /** The JSON body of a request for {@code p}. */
  public byte[] body(Prompt p) {
    ObjectNode b = JSON.createObjectNode();
    if (model != null) {
      b.put("model", model);
    }
    int out = p.outputTokens() > 0 ? p.outputTokens() : outputTokens;
    if (api == Api.CHAT) {
      if (p.messages() != null) {
        b.set("messages", p.messages());
      } else {
        b.putArray("messages").addObject().put("role", "user").put("content", p.text());
      }
      b.put("max_completion_tokens", out);
    } else {
      b.put("prompt", p.text() != null ? p.text() : p.messages().toString());
    }
    b.put("max_tokens", out);
    if (fixedLength) {
      b.put("ignore_eos", true);
      b.put("min_tokens", out);
    }
    b.put("stream", true);
    b.putObject("stream_options").put("include_usage", true);
    try {
      return JSON.writeValueAsBytes(b);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
