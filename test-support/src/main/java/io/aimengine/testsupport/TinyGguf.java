package io.aimengine.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes a tiny random-weight Llama model in GGUF v3 that llama.cpp loads and generates with: a
 * ~300-token SentencePiece-style vocabulary (special tokens, the 256 byte-fallback tokens, a few
 * letters and words), 2 layers, 64-wide embeddings, grouped-query attention (4 heads, 2 KV heads),
 * F16 matrices and F32 norms — about 300 KB. Weights come from a seeded {@link Random}, so the same
 * seed writes the same bytes. The output is gibberish; the point is a real model file that loads in
 * milliseconds.
 *
 * <p>Run as a program to write one: {@code java -cp aim-engine-test-support.jar
 * io.aimengine.testsupport.TinyGguf /tmp/tiny.gguf}.
 */
public final class TinyGguf {
  static final int TOKEN_NORMAL = 1;
  static final int TOKEN_UNKNOWN = 2;
  static final int TOKEN_CONTROL = 3;
  static final int TOKEN_BYTE = 6;
  static final int GGML_F32 = 0;
  static final int GGML_F16 = 1;

  /** Shape of the model to write. */
  public record Shape(
      int layers, int embedding, int heads, int kvHeads, int feedForward, int context, long seed) {
    /** The default tiny shape. */
    public static Shape tiny() {
      return new Shape(2, 64, 4, 2, 128, 2048, 42);
    }
  }

  private TinyGguf() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: TinyGguf OUTPUT.gguf");
      System.exit(2);
    }
    Path p = write(Path.of(args[0]));
    System.out.println(p.toAbsolutePath());
  }

  /** Writes the default tiny model to {@code file} (parent directories created) and returns it. */
  public static Path write(Path file) {
    return write(file, Shape.tiny());
  }

  public static Path write(Path file, Shape s) {
    List<String> tokens = new ArrayList<>();
    List<Float> scores = new ArrayList<>();
    List<Integer> types = new ArrayList<>();
    add(tokens, scores, types, "<unk>", 0, TOKEN_UNKNOWN);
    add(tokens, scores, types, "<s>", 0, TOKEN_CONTROL);
    add(tokens, scores, types, "</s>", 0, TOKEN_CONTROL);
    for (int b = 0; b < 256; b++) {
      add(tokens, scores, types, String.format("<0x%02X>", b), 0, TOKEN_BYTE);
    }
    String[] words = {
      "▁", "▁the", "▁a", "▁hello", "▁world", "▁is", "▁of", "▁and", "▁to", "▁in", "▁AIM", "▁engine",
      "▁model", "▁serve", ".", ",", "!", "?"
    };
    float score = -1;
    for (String w : words) {
      add(tokens, scores, types, w, score, TOKEN_NORMAL);
      score -= 0.5f;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      add(tokens, scores, types, String.valueOf(c), score, TOKEN_NORMAL);
      score -= 0.1f;
    }
    int vocab = tokens.size();

    GgufWriter w = new GgufWriter();
    w.string("general.architecture", "llama");
    w.string("general.name", "aim-tiny-llama");
    w.u32("general.file_type", 1); // MOSTLY_F16
    w.u32("llama.context_length", s.context());
    w.u32("llama.embedding_length", s.embedding());
    w.u32("llama.block_count", s.layers());
    w.u32("llama.feed_forward_length", s.feedForward());
    w.u32("llama.attention.head_count", s.heads());
    w.u32("llama.attention.head_count_kv", s.kvHeads());
    w.f32("llama.attention.layer_norm_rms_epsilon", 1e-5f);
    w.u32("llama.rope.dimension_count", s.embedding() / s.heads());
    w.f32("llama.rope.freq_base", 10000f);
    w.u32("llama.vocab_size", vocab);
    w.string("tokenizer.ggml.model", "llama");
    w.stringArray("tokenizer.ggml.tokens", tokens);
    w.f32Array("tokenizer.ggml.scores", scores);
    w.i32Array("tokenizer.ggml.token_type", types);
    w.u32("tokenizer.ggml.unknown_token_id", 0);
    w.u32("tokenizer.ggml.bos_token_id", 1);
    w.u32("tokenizer.ggml.eos_token_id", 2);
    w.bool("tokenizer.ggml.add_bos_token", true);
    w.bool("tokenizer.ggml.add_eos_token", false);
    w.string(
        "tokenizer.chat_template",
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n'"
            + " + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}");

    Random rnd = new Random(s.seed());
    int e = s.embedding();
    int headDim = e / s.heads();
    int kv = headDim * s.kvHeads();
    w.tensor("token_embd.weight", GGML_F16, rnd, 0.5f, e, vocab);
    for (int l = 0; l < s.layers(); l++) {
      String p = "blk." + l + ".";
      w.ones(p + "attn_norm.weight", e);
      w.tensor(p + "attn_q.weight", GGML_F16, rnd, 0.2f, e, e);
      w.tensor(p + "attn_k.weight", GGML_F16, rnd, 0.2f, e, kv);
      w.tensor(p + "attn_v.weight", GGML_F16, rnd, 0.2f, e, kv);
      w.tensor(p + "attn_output.weight", GGML_F16, rnd, 0.2f, e, e);
      w.ones(p + "ffn_norm.weight", e);
      w.tensor(p + "ffn_gate.weight", GGML_F16, rnd, 0.2f, e, s.feedForward());
      w.tensor(p + "ffn_up.weight", GGML_F16, rnd, 0.2f, e, s.feedForward());
      w.tensor(p + "ffn_down.weight", GGML_F16, rnd, 0.2f, s.feedForward(), e);
    }
    w.ones("output_norm.weight", e);
    // Word and letter rows get larger weights than byte and control rows, so the random model
    // mostly says (nonsense) words rather than stray bytes.
    float[] rows = new float[vocab];
    for (int t = 0; t < vocab; t++) {
      rows[t] = types.get(t) == TOKEN_NORMAL ? 0.4f : 0.02f;
    }
    w.rows("output.weight", GGML_F16, rnd, rows, e);
    try {
      if (file.toAbsolutePath().getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      Files.write(file, w.toBytes());
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot write " + file, ex);
    }
    return file;
  }

  private static void add(
      List<String> tokens, List<Float> scores, List<Integer> types, String t, float s, int type) {
    tokens.add(t);
    scores.add(s);
    types.add(type);
  }
}
