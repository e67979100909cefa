package io.aimengine.llamaserver;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.LogLevel;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.Pair;
import java.util.List;
import java.util.function.Predicate;

/**
 * Text generation on one loaded llama.cpp model. Thread-safe: llama.cpp's server context queues
 * requests onto its {@code parallel} slots.
 */
final class LlamaGenerator implements AutoCloseable {
  /**
   * One request.
   *
   * @param prompt the full prompt text (chat already templated)
   * @param maxTokens tokens to generate at most
   * @param temperature sampling temperature
   * @param topP nucleus sampling
   * @param seed sampling seed, -1 random
   * @param stop stop strings
   */
  record Request(
      String prompt, int maxTokens, float temperature, float topP, long seed, List<String> stop) {}

  /** What one generation produced. */
  record Result(String text, int promptTokens, int completionTokens, String finishReason) {}

  private final LlamaModel model;

  LlamaGenerator(ServerOptions o) {
    LlamaModel.setLogger(
        null,
        (level, msg) -> {
          if (level != LogLevel.DEBUG) {
            System.err.print(msg);
          }
        });
    ModelParameters p =
        new ModelParameters()
            .setModel(o.model())
            .setParallel(o.parallel())
            .setGpuLayers(o.gpuLayers());
    if (o.ctxSize() > 0) {
      p.setCtxSize(o.ctxSize());
    }
    if (o.threads() > 0) {
      p.setThreads(o.threads());
    }
    this.model = new LlamaModel(p);
  }

  /** Prompt tokens as the model counts them. */
  int tokens(String text) {
    return model.encode(text).length;
  }

  /** Applies the model's chat template (llama.cpp falls back to ChatML when it has none). */
  String chatPrompt(String system, List<Pair<String, String>> messages) {
    return model.applyTemplate(new InferenceParameters("").setMessages(system, messages));
  }

  /**
   * Generates, handing each piece of text to {@code sink}; when {@code sink} returns false (the
   * client went away) generation is cancelled.
   */
  Result generate(Request r, Predicate<String> sink) {
    InferenceParameters p =
        new InferenceParameters(r.prompt())
            .setNPredict(r.maxTokens())
            .setTemperature(r.temperature())
            .setTopP(r.topP());
    if (r.seed() >= 0) {
      p.setSeed((int) r.seed());
    }
    if (!r.stop().isEmpty()) {
      p.setStopStrings(r.stop().toArray(String[]::new));
    }
    int prompt = tokens(r.prompt());
    StringBuilder text = new StringBuilder();
    int n = 0;
    LlamaIterator it = (LlamaIterator) model.generate(p).iterator();
    while (it.hasNext()) {
      LlamaOutput out = it.next();
      if (out.text.isEmpty() && !it.hasNext()) {
        break; // the final "stop" marker carries no token
      }
      n++;
      text.append(out.text);
      if (!sink.test(out.text)) {
        it.cancel();
        break;
      }
    }
    String finish = n >= r.maxTokens() ? "length" : "stop";
    return new Result(text.toString(), prompt, n, finish);
  }

  @Override
  public void close() {
    model.close();
  }
}
