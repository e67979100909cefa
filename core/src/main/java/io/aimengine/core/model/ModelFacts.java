package io.aimengine.core.model;

/**
 * What the planner knows about a model. Any of the numbers may be unknown (0 / null); the planner
 * then falls back to coarser rules and says so.
 *
 * @param id Hugging Face repo id ("Qwen/Qwen3-32B") or the local directory it was read from
 * @param family model family ("qwen3", "llama3.1"), null when unknown
 * @param sizeLabel marketing size ("32B", "8x7B"), null when unknown
 * @param parameters total parameter count (all experts), 0 when unknown
 * @param weightBytes checkpoint tensor bytes at the native precision (safetensors index {@code
 *     metadata.total_size}), 0 when unknown
 * @param nativePrecision precision the checkpoint is stored in (bf16 for most, fp8 for DeepSeek-V3)
 * @param architecture the dimensions, null when unknown
 * @param source where the facts came from ("catalog: models/Qwen/Qwen3-32B.yaml", a config.json)
 * @param repo the Hub's file listing of the repo, null when not asked (catalog, local, offline)
 */
public record ModelFacts(
    String id,
    String family,
    String sizeLabel,
    long parameters,
    long weightBytes,
    Precision nativePrecision,
    Architecture architecture,
    String source,
    HubRepo repo) {

  /** Facts without a Hub listing. */
  public ModelFacts(
      String id,
      String family,
      String sizeLabel,
      long parameters,
      long weightBytes,
      Precision nativePrecision,
      Architecture architecture,
      String source) {
    this(
        id,
        family,
        sizeLabel,
        parameters,
        weightBytes,
        nativePrecision,
        architecture,
        source,
        null);
  }

  /** Facts for a model nothing is known about. */
  public static ModelFacts unknown(String id) {
    return new ModelFacts(id, null, SizeLabel.fromModelId(id), 0, 0, Precision.BF16, null, "none");
  }

  /**
   * True when there is enough to compute weight and KV memory: the architecture (parameters can be
   * estimated from it when neither the count nor the checkpoint size is known).
   */
  public boolean hasMemoryFacts() {
    return architecture != null && parameterCount() > 0;
  }

  /** Best parameter count: declared, else derived from the checkpoint size, else estimated. */
  public long parameterCount() {
    if (parameters > 0) {
      return parameters;
    }
    if (weightBytes > 0) {
      return Math.round(weightBytes / nativePrecision.bytesPerParameter());
    }
    if (architecture != null) {
      return architecture.estimateParameters();
    }
    return 0;
  }

  /** Size in billions of parameters, from the count or the label; 0 when unknown. */
  public double billions() {
    long n = parameterCount();
    if (n > 0) {
      return n / 1e9;
    }
    return SizeLabel.billions(sizeLabel);
  }

  /**
   * Weight bytes for the whole model when served at {@code precision}.
   *
   * <p>A checkpoint stored narrower than the serving precision (an FP8 checkpoint served with
   * 16-bit activations) keeps its stored size: engines do not upcast quantized weights. Serving
   * narrower than stored (online fp8 of a bf16 checkpoint) costs parameters x bytes. Same width:
   * the checkpoint size when known.
   */
  public long weightBytesAt(Precision precision) {
    double nativeBytes = nativePrecision.bytesPerParameter();
    double servedBytes = precision.bytesPerParameter();
    if (servedBytes >= nativeBytes) {
      if (weightBytes > 0) {
        return weightBytes;
      }
      return Math.round(parameterCount() * nativeBytes)
          + (nativeBytes < 2 ? Math.round(embeddingParameters() * (2 - nativeBytes)) : 0);
    }
    // Online quantization (vLLM --quantization fp8) converts the linear layers only: the embedding
    // and the LM head stay at the checkpoint's 16 bits.
    long embed = Math.min(embeddingParameters(), parameterCount());
    return Math.round((parameterCount() - embed) * servedBytes + embed * Math.min(2, nativeBytes));
  }

  /** Parameters in the input embedding and the LM head (once when tied); 0 when unknown. */
  public long embeddingParameters() {
    if (architecture == null) {
      return 0;
    }
    return (long) architecture.vocabSize()
        * architecture.hiddenSize()
        * (architecture.tiedEmbeddings() ? 1 : 2);
  }

  /**
   * The facts of a quantized checkpoint of this model ({@code Qwen/Qwen3-32B-FP8}): same
   * architecture and parameters, stored at {@code stored}; {@code bytes} 0 to size it as the
   * quantizers do (linear layers at {@code stored}, embedding and LM head at 16 bits).
   */
  public ModelFacts quantizedAs(String variantId, Precision stored, long bytes, String from) {
    ModelFacts q =
        new ModelFacts(
            variantId, family, sizeLabel, parameterCount(), bytes, stored, architecture, from);
    if (bytes > 0) {
      return q;
    }
    long embed = Math.min(embeddingParameters(), parameterCount());
    long estimate =
        Math.round((parameterCount() - embed) * stored.bytesPerParameter() + embed * 2.0);
    return new ModelFacts(
        variantId, family, sizeLabel, parameterCount(), estimate, stored, architecture, from);
  }

  /** The same facts with another {@code source} (what the plan says they came from). */
  public ModelFacts withSource(String from) {
    return new ModelFacts(
        id, family, sizeLabel, parameters, weightBytes, nativePrecision, architecture, from, repo);
  }

  /** The same facts with the Hub's listing of the repo. */
  public ModelFacts withRepo(HubRepo listing) {
    return new ModelFacts(
        id,
        family,
        sizeLabel,
        parameters,
        weightBytes,
        nativePrecision,
        architecture,
        source,
        listing);
  }

  /**
   * The facts of one GGUF quantization of this model: stored at the quant's precision, its files'
   * bytes, the architecture (when known) unchanged.
   */
  public ModelFacts asGguf(GgufQuant q) {
    return new ModelFacts(
        id,
        family,
        sizeLabel,
        parameters > 0 || weightBytes > 0 ? parameterCount() : 0,
        q.bytes(),
        q.precision(),
        architecture,
        source + "; GGUF " + q.name() + " (" + String.join(", ", q.files()) + ")",
        repo);
  }
}
