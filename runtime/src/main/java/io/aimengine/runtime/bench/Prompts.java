package io.aimengine.runtime.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimengine.core.AimException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Where prompts come from: synthetic text of a set length, or a JSONL file.
 *
 * <p>Synthetic prompts are random sequences of common English words, each one token in the BPE
 * vocabularies of the usual model families when preceded by a space; every prompt differs so a
 * prefix cache cannot answer for the engine. Exact lengths need the model's tokenizer, which the
 * benchmark does not load: {@link #fitted} corrects the word count once the engine has reported how
 * many tokens a prompt really was, and the metrics count the engine's {@code usage}, never these
 * estimates.
 */
public final class Prompts {
  private static final String[] WORDS = {
    "the", "of", "and", "to", "in", "is", "that", "for", "it", "as", "was", "with", "be", "by",
    "on", "not", "he", "this", "are", "or", "his", "from", "at", "which", "but", "have", "an",
    "had", "they", "you", "were", "their", "one", "all", "we", "can", "her", "has", "there", "been",
    "if", "more", "when", "will", "would", "who", "so", "no", "time", "people", "water", "day",
    "world", "house", "light", "river", "city", "music", "story", "table", "green", "small",
    "large", "open"
  };
  private static final ObjectMapper JSON = new ObjectMapper();

  private Prompts() {}

  /**
   * {@code count} different prompts of {@code words} words each, reproducible from {@code seed}.
   */
  public static List<Prompt> synthetic(int count, int words, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Prompt> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      StringBuilder b = new StringBuilder(words * 6);
      for (int w = 0; w < words; w++) {
        if (w > 0) {
          b.append(' ');
        }
        b.append(WORDS[r.nextInt(WORDS.length)]);
      }
      out.add(Prompt.text(b.toString(), words));
    }
    return out;
  }

  /**
   * Synthetic prompts re-made so that about {@code target} tokens are expected, from two probes:
   * {@code w1} words came out as {@code t1} tokens and {@code w2} as {@code t2}. Tokens are fitted
   * as {@code overhead + perWord × words} (the overhead is the chat template and BOS), so the
   * correction holds for short prompts too. A target below the overhead gets one word.
   */
  public static List<Prompt> fitted(
      int count, int target, int w1, int t1, int w2, int t2, long seed) {
    int words = target;
    if (w2 != w1 && t1 > 0 && t2 > t1) {
      double perWord = (double) (t2 - t1) / (w2 - w1);
      double overhead = t1 - perWord * w1;
      words = (int) Math.max(1, Math.round((target - overhead) / perWord));
    } else if (t1 > 0) {
      words = (int) Math.max(1, Math.round((double) target * w1 / t1));
    }
    List<Prompt> p = synthetic(count, words, seed);
    List<Prompt> out = new ArrayList<>(p.size());
    for (Prompt x : p) {
      out.add(Prompt.text(x.text(), target));
    }
    return out;
  }

  /**
   * Prompts from a JSONL file: one object per line with {@code prompt} (or {@code text}) as a
   * string, or {@code messages} as a chat message array; optional {@code output_tokens} (or {@code
   * max_tokens}). Blank lines are skipped. A bad line is invalid input naming the file and line.
   */
  public static List<Prompt> jsonl(Path file) {
    List<Prompt> out = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        out.add(parseLine(file, n, line));
      }
    } catch (IOException e) {
      throw AimException.invalid("--prompts " + file + ": cannot be read: " + e.getMessage());
    }
    if (out.isEmpty()) {
      throw AimException.invalid("--prompts " + file + ": holds no prompt");
    }
    return out;
  }

  private static Prompt parseLine(Path file, int n, String line) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (IOException e) {
      throw AimException.invalid(file + " line " + n + ": not a JSON object");
    }
    int output = node.path("output_tokens").asInt(node.path("max_tokens").asInt(0));
    JsonNode messages = node.get("messages");
    if (messages != null) {
      if (!messages.isArray() || messages.isEmpty()) {
        throw AimException.invalid(file + " line " + n + ": 'messages' must be a non-empty array");
      }
      return new Prompt(null, messages, 0, output);
    }
    JsonNode text = node.has("prompt") ? node.get("prompt") : node.get("text");
    if (text == null || !text.isTextual()) {
      throw AimException.invalid(
          file + " line " + n + ": expected a string 'prompt' (or 'text') or a 'messages' array");
    }
    return new Prompt(text.asText(), null, 0, output);
  }
}
