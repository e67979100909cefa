package io.aimengine.core.model;

/**
 * The architecture facts the memory planner needs, as read from a model file or a Hugging Face
 * {@code config.json}. Counts are per model (not per GPU).
 *
 * @param modelType config.json {@code model_type} ("llama", "qwen3_moe", "deepseek_v3")
 * @param layers num_hidden_layers
 * @param hiddenSize hidden_size
 * @param attentionHeads num_attention_heads
 * @param kvHeads num_key_value_heads (equal to attentionHeads without GQA)
 * @param headDim head_dim, or hidden_size / num_attention_heads when the config has none
 * @param intermediateSize dense MLP intermediate size
 * @param vocabSize vocab_size
 * @param maxContext max_position_embeddings
 * @param slidingWindow sliding-window size, 0 when none
 * @param tiedEmbeddings tie_word_embeddings
 * @param moe mixture-of-experts facts, null for dense models
 * @param mla multi-head latent attention facts (DeepSeek V2/V3/R1), null otherwise
 */
public record Architecture(
    String modelType,
    int layers,
    int hiddenSize,
    int attentionHeads,
    int kvHeads,
    int headDim,
    int intermediateSize,
    int vocabSize,
    int maxContext,
    int slidingWindow,
    boolean tiedEmbeddings,
    Moe moe,
    Mla mla) {

  /**
   * Mixture-of-experts facts.
   *
   * @param experts routed experts per MoE layer
   * @param activeExperts experts used per token
   * @param expertIntermediateSize intermediate size of one expert
   * @param sharedExperts always-on shared experts (DeepSeek), 0 when none
   * @param denseLayers leading dense layers before the MoE layers (DeepSeek first_k_dense_replace)
   */
  public record Moe(
      int experts,
      int activeExperts,
      int expertIntermediateSize,
      int sharedExperts,
      int denseLayers) {}

  /**
   * DeepSeek multi-head latent attention: the KV cache stores one latent per token per layer.
   *
   * @param kvLoraRank kv_lora_rank
   * @param qkRopeHeadDim qk_rope_head_dim
   */
  public record Mla(int kvLoraRank, int qkRopeHeadDim) {}

  /**
   * KV-cache bytes per token on one GPU under tensor parallelism {@code tp}.
   *
   * <p>GQA/MHA: {@code 2 x layers x max(1, kvHeads/tp) x headDim x bytes}; vLLM replicates KV heads
   * when tp exceeds them. MLA: {@code layers x (kvLoraRank + qkRopeHeadDim) x bytes}, not split
   * across TP ranks (vLLM keeps the full latent cache on every rank).
   */
  public long kvBytesPerTokenPerGpu(int tp, double bytesPerElement) {
    if (mla != null) {
      return Math.round(
          layers * (double) (mla.kvLoraRank() + mla.qkRopeHeadDim()) * bytesPerElement);
    }
    int headsPerGpu = Math.max(1, (int) Math.ceil(kvHeads / (double) Math.max(1, tp)));
    return Math.round(2.0 * layers * headsPerGpu * headDim * bytesPerElement);
  }

  /** KV-cache bytes per token for the whole model (tp = 1). */
  public long kvBytesPerToken(double bytesPerElement) {
    return kvBytesPerTokenPerGpu(1, bytesPerElement);
  }

  /**
   * Parameter count estimated from the dimensions, for models whose checkpoint size is unknown.
   * Counts embeddings (twice when untied), attention, MLP or experts; ignores norms and biases.
   */
  public long estimateParameters() {
    long h = hiddenSize;
    long embed = (long) vocabSize * h * (tiedEmbeddings ? 1 : 2);
    long attn;
    if (mla != null) {
      // q/kv low-rank projections are small next to the experts; approximate as MHA-sized.
      attn = 4L * h * h;
    } else {
      attn = h * ((long) attentionHeads * headDim) * 2 + 2L * h * ((long) kvHeads * headDim);
    }
    long dense = 3L * h * intermediateSize;
    long perLayerMlp;
    long total = embed;
    if (moe != null) {
      long expert = 3L * h * moe.expertIntermediateSize();
      long moeLayer = expert * (moe.experts() + moe.sharedExperts()) + h * moe.experts();
      int moeLayers = layers - moe.denseLayers();
      total += (long) moe.denseLayers() * (attn + dense) + (long) moeLayers * (attn + moeLayer);
      return total;
    }
    perLayerMlp = dense;
    total += layers * (attn + perLayerMlp);
    return total;
  }
}
