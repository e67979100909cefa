package io.aimengine.core.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimengine.core.AimException;
import io.aimengine.core.engine.EngineKind;
import io.aimengine.core.engine.FlagSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The knobs tune sweeps per engine, checked against each engine's flag table for its release. */
class SearchSpaceTest {
  static final SearchSpace.Context EIGHT_GPUS = new SearchSpace.Context(8, 64, 512, 128);
  static final SearchSpace.Context CPU = new SearchSpace.Context(0, 8, 16, 8);

  @Test
  void vllmSweepsBatchingPrefillChunkKvCacheDtypeAndTensorParallelism() {
    SearchSpace s = SearchSpace.defaults(EngineKind.VLLM, "0.11.0", EIGHT_GPUS);
    assertThat(s.knobs())
        .extracting(Knob::flag)
        .containsExactly("tp", "max-num-seqs", "max-num-batched-tokens", "kv-cache-dtype");
    assertThat(s.knobs().get(0).values()).containsExactly("1", "2", "4", "8");
    assertThat(s.size()).isEqualTo(32);
    List<TuneConfig> configs = s.configs(EIGHT_GPUS);
    assertThat(configs).hasSize(32);
    assertThat(configs.get(0).gpuCount()).isEqualTo(1);
    assertThat(configs.get(0).args())
        .containsExactly(
            java.util.Map.entry("max-num-seqs", "128"),
            java.util.Map.entry("max-num-batched-tokens", "2048"),
            java.util.Map.entry("kv-cache-dtype", "auto"));
    assertThat(configs.get(31).gpuCount()).isEqualTo(8);
    assertThat(configs.get(31).label())
        .isEqualTo("tp=8 max-num-seqs=256 max-num-batched-tokens=8192 kv-cache-dtype=fp8");
    // every swept flag exists in that vLLM release
    FlagSchema vllm = FlagSchema.forEngine(EngineKind.VLLM);
    configs.get(0).args().keySet().forEach(f -> assertThat(vllm.existsIn(f, "0.11.0")).isTrue());
  }

  @Test
  void vllmBeforeV1TurnsChunkedPrefillOnForTheTokenBudget() {
    SearchSpace s = SearchSpace.defaults(EngineKind.VLLM, "0.7.3", EIGHT_GPUS);
    assertThat(s.knobs()).extracting(Knob::flag).contains("enable-chunked-prefill");
    assertThat(s.configs(EIGHT_GPUS))
        .allMatch(c -> c.args().get("enable-chunked-prefill").equals("true"));
    assertThat(SearchSpace.defaults(EngineKind.VLLM, "0.8.0", EIGHT_GPUS).knobs())
        .extracting(Knob::flag)
        .doesNotContain("enable-chunked-prefill");
  }

  @Test
  void sglangSweepsItsOwnSpellings() {
    SearchSpace s = SearchSpace.defaults(EngineKind.SGLANG, null, EIGHT_GPUS);
    assertThat(s.knobs())
        .extracting(Knob::flag)
        .containsExactly("tp", "max-running-requests", "chunked-prefill-size", "kv-cache-dtype");
    assertThat(s.knobs().get(3).values()).containsExactly("auto", "fp8_e4m3");
    assertThatThrownBy(() -> s.with(List.of("max-num-seqs=64")))
        .isInstanceOf(AimException.class)
        .hasMessageContaining("--sweep max-num-seqs: sglang")
        .hasMessageContaining("has no such flag");
  }

  @Test
  void aSweptFlagMustExistInTheEngineReleasePlanned() {
    // swap-space was removed in vLLM 0.18.0
    SearchSpace old = SearchSpace.defaults(EngineKind.VLLM, "0.11.0", EIGHT_GPUS);
    assertThat(old.with(List.of("swap-space=4,8")).knobs())
        .extracting(Knob::flag)
        .contains("swap-space");
    SearchSpace now = SearchSpace.defaults(EngineKind.VLLM, "0.18.0", EIGHT_GPUS);
    assertThatThrownBy(() -> now.with(List.of("swap-space=4,8")))
        .hasMessageContaining("vllm 0.18.0 has no such flag");
    assertThatThrownBy(() -> now.with(List.of("kv-cache-dtype=fp9")))
        .hasMessageContaining("--sweep kv-cache-dtype=fp9: expected one of");
    assertThatThrownBy(() -> now.with(List.of("max-num-seqs=many")))
        .hasMessageContaining("expected an integer");
    assertThatThrownBy(() -> now.with(List.of("max-num-seqs")))
        .hasMessageContaining("expected FLAG=V1,V2");
  }

  @Test
  void aSweepReplacesTheDefaultValuesAndTpNamesTheGpuCount() {
    SearchSpace s =
        SearchSpace.defaults(EngineKind.VLLM, null, EIGHT_GPUS)
            .with(List.of("tensor-parallel-size=8", "max-num-seqs=64", "kv-cache-dtype=auto"));
    assertThat(s.size()).isEqualTo(2); // batched tokens still 2048, 8192
    assertThat(s.configs(EIGHT_GPUS)).allMatch(c -> c.gpuCount() == 8);
  }

  @Test
  void llamaCppSweepsSlotsThreadsAndBatchesWithContextFollowingSlots() {
    SearchSpace s = SearchSpace.defaults(EngineKind.LLAMACPP, "current", CPU);
    assertThat(s.engineVersion()).isNull();
    assertThat(s.knobs())
        .extracting(Knob::flag)
        .containsExactly("parallel", "threads", "batch-size", "ubatch-size");
    assertThat(s.knobs().get(1).values()).containsExactly("4", "8");
    List<TuneConfig> configs = s.configs(CPU);
    assertThat(configs).hasSize(12);
    // 16 + 8 + 64 rounds up to 256, at least 512 per slot
    assertThat(configs.get(0).args())
        .containsEntry("parallel", "1")
        .containsEntry("ctx-size", "512");
    assertThat(configs.get(11).args())
        .containsEntry("parallel", "4")
        .containsEntry("ctx-size", "2048");
    assertThat(configs).allMatch(c -> c.gpuCount() == null);
    assertThat(s.with(List.of("ctx-size=4096")).configs(CPU))
        .allMatch(c -> c.args().get("ctx-size").equals("4096"));
    assertThatThrownBy(() -> s.with(List.of("tp=2"))).hasMessageContaining("no tensor parallelism");
  }
}
