package io.aimengine.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.aimengine.core.AimException;
import io.aimengine.core.engine.FlagSpec.Status;
import io.aimengine.core.engine.FlagSpec.ValueType;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class FlagSchemaTest {
  private static final FlagSchema VLLM = FlagSchema.forEngine(EngineKind.VLLM);
  private static final FlagSchema SGLANG = FlagSchema.forEngine(EngineKind.SGLANG);

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @MethodSource("spellings")
  void findAcceptsTheSpellingsTheEnginesParsersAccept(
      EngineKind engine, String written, String expected) {
    assertThat(FlagSchema.forEngine(engine).find(written).map(FlagSpec::name)).contains(expected);
  }

  static Stream<Arguments> spellings() {
    return Stream.of(
        arguments(EngineKind.VLLM, "--max-num-seqs", "max-num-seqs"),
        arguments(EngineKind.VLLM, "max_num_seqs", "max-num-seqs"),
        arguments(EngineKind.VLLM, "-tp", "tensor-parallel-size"),
        arguments(EngineKind.VLLM, "no-enable-prefix-caching", "enable-prefix-caching"),
        arguments(EngineKind.VLLM, "--no-trust-remote-code", "trust-remote-code"),
        arguments(EngineKind.SGLANG, "--tensor-parallel-size", "tp-size"),
        arguments(EngineKind.SGLANG, "model", "model-path"),
        arguments(EngineKind.SGLANG, "nccl_init_addr", "dist-init-addr"),
        arguments(EngineKind.LLAMACPP, "-ngl", "n-gpu-layers"),
        arguments(EngineKind.LLAMACPP, "ctx-size", "ctx-size"));
  }

  @Test
  void negatedFormsExistOnlyForBooleanOptionalFlags() {
    // vLLM's frontend switches are store_true: no --no- form.
    assertThat(VLLM.find("no-disable-uvicorn-access-log")).isEmpty();
    // SGLang switches are all store_true.
    assertThat(SGLANG.find("no-trust-remote-code")).isEmpty();
    assertThat(VLLM.isNegatedForm("no-enable-chunked-prefill")).isTrue();
    assertThat(VLLM.isNegatedForm("enable-chunked-prefill")).isFalse();
  }

  @Test
  void knownMistakesAreInvalidEntriesWithTheirReplacement() {
    FlagSpec s = VLLM.find("--max-batch-size").orElseThrow();
    assertThat(s.status()).isEqualTo(Status.INVALID);
    assertThat(VLLM.suggest("--max-batch-size")).first().isEqualTo("max-num-seqs");
    // SGLang's --tp is not vLLM's: vLLM only has the single-dash -tp.
    assertThat(VLLM.find("--tp").map(FlagSpec::status)).contains(Status.INVALID);
    assertThat(VLLM.suggest("--tp")).first().isEqualTo("tensor-parallel-size");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("typos")
  void suggestFindsCloseActiveFlags(String typo, String expected) {
    assertThat(VLLM.suggest(typo)).contains(expected);
  }

  static Stream<Arguments> typos() {
    return Stream.of(
        arguments("max-num-seq", "max-num-seqs"),
        arguments("gpu-memory-utilisation", "gpu-memory-utilization"),
        arguments("tensor-parallel", "tensor-parallel-size"),
        arguments("no-enable-prefix-cache", "no-enable-prefix-caching"));
  }

  @Test
  void suggestIsEmptyWhenNothingIsClose() {
    assertThat(VLLM.suggest("completely-unrelated-option")).isEmpty();
  }

  @ParameterizedTest(name = "{0} in vLLM {1}: {2}")
  @MethodSource("versions")
  void existsInComparesReleaseVersions(String flag, String version, boolean exists) {
    assertThat(VLLM.existsIn(flag, version)).isEqualTo(exists);
  }

  static Stream<Arguments> versions() {
    return Stream.of(
        arguments("swap-space", "0.17.1", true),
        arguments("swap-space", "0.18.0", false),
        arguments("swap-space", "0.18.0rc1", true),
        arguments("swap-space", null, false), // latest known: 0.18.0
        arguments("max-seq-len-to-capture", "0.10.2", true),
        arguments("max-seq-len-to-capture", "0.11.0", false),
        arguments("disable-log-requests", "0.16.0", true),
        arguments("disable-log-requests", "0.17.0", false),
        arguments("enable-log-requests", "0.10.1", false),
        arguments("no-enable-log-requests", "0.10.2", true),
        arguments("enable-log-requests", "0.9.2.post1", false),
        arguments("cuda-graph-sizes", "0.11.1", true), // deprecated, still accepted
        arguments("max-num-seqs", "0.6.0", true),
        arguments("max-num-seqs", null, true),
        arguments("max-batch-size", "0.10.0", false),
        arguments("not-a-flag", "0.10.0", false));
  }

  @Test
  void existsInRejectsAVersionItCannotRead() {
    assertThatThrownBy(() -> VLLM.existsIn("max-num-seqs", "latest"))
        .isInstanceOf(AimException.class)
        .hasMessageContaining("'latest' is not an engine version");
  }

  @Test
  void latestKnownVersions() {
    assertThat(VLLM.latestKnownVersion()).contains("0.18.0");
    assertThat(SGLANG.latestKnownVersion()).isPresent();
    assertThat(FlagSchema.forEngine(EngineKind.LLAMACPP).latestKnownVersion()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(EngineKind.class)
  void tablesHaveUniqueNamesAndConsistentEntries(EngineKind engine) {
    FlagSchema schema = FlagSchema.forEngine(engine);
    Set<String> names = new HashSet<>();
    for (FlagSpec s : schema.all()) {
      assertThat(names.add(s.name())).as("duplicate %s", s.name()).isTrue();
      assertThat(s.name()).matches("[a-z0-9][a-z0-9-]*");
      if (s.status() == Status.ACTIVE) {
        assertThat(s.type()).as(s.name()).isNotEqualTo(ValueType.NONE);
      }
      if (s.replacement() != null) {
        assertThat(schema.find(s.replacement())).as("replacement of %s", s.name()).isPresent();
      }
      if (s.status() == Status.REMOVED && s.removedIn() != null) {
        assertThat(EngineVersion.find(s.removedIn())).as(s.name()).isPresent();
      }
    }
    assertThat(schema.all()).hasSizeGreaterThan(engine == EngineKind.LLAMACPP ? 30 : 70);
  }

  @Test
  void counterpartsNameFlagsOfTheOtherEngine() {
    for (FlagSpec s : VLLM.all()) {
      if (s.counterpart() != null) {
        assertThat(SGLANG.find(s.counterpart())).as(s.name()).isPresent();
      }
    }
    for (FlagSpec s : SGLANG.all()) {
      if (s.counterpart() != null) {
        assertThat(VLLM.find(s.counterpart())).as(s.name()).isPresent();
      }
    }
  }
}
