package io.aimengine.core.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimengine.core.AimException;
import io.aimengine.core.ExitCode;
import io.aimengine.core.config.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VisibilityMasksTest {
  private static List<GpuDevice> amd(int n) {
    List<GpuDevice> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add(
          new GpuDevice(
              i,
              GpuVendor.AMD,
              "MI300X",
              "gfx942",
              192L << 30,
              -1,
              null,
              "GPU-aaaa00000000000" + i));
    }
    return l;
  }

  private static List<GpuDevice> nvidia(int n) {
    List<GpuDevice> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add(
          new GpuDevice(
              i,
              GpuVendor.NVIDIA,
              "A100-80GB",
              "sm_80",
              80L << 30,
              -1,
              null,
              "GPU-5d5ba0d" + i + "-d33d"));
    }
    return l;
  }

  private static Settings env(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return new Settings(m, Path.of("/home/x"));
  }

  private static List<Integer> visible(List<GpuDevice> devices, GpuVendor v, Settings s) {
    return VisibilityMasks.apply(devices, v, s, List::of).visible().stream()
        .map(GpuDevice::index)
        .toList();
  }

  static Stream<Arguments> amdMasks() {
    return Stream.of(
        Arguments.of("no mask", env(), List.of(0, 1, 2, 3, 4, 5, 6, 7)),
        Arguments.of("HIP indices", env("HIP_VISIBLE_DEVICES", "2,3"), List.of(2, 3)),
        Arguments.of("HIP with spaces", env("HIP_VISIBLE_DEVICES", " 6 , 7 "), List.of(6, 7)),
        Arguments.of("CUDA alone is read by HIP", env("CUDA_VISIBLE_DEVICES", "1"), List.of(1)),
        Arguments.of(
            "HIP wins over CUDA",
            env("HIP_VISIBLE_DEVICES", "0,1", "CUDA_VISIBLE_DEVICES", "5"),
            List.of(0, 1)),
        Arguments.of("ROCR indices", env("ROCR_VISIBLE_DEVICES", "4,5,6,7"), List.of(4, 5, 6, 7)),
        Arguments.of(
            "HIP indexes into what ROCR left",
            env("ROCR_VISIBLE_DEVICES", "4,5,6,7", "HIP_VISIBLE_DEVICES", "0,2"),
            List.of(4, 6)),
        Arguments.of(
            "HIP follows ROCR's order",
            env("ROCR_VISIBLE_DEVICES", "7,6", "HIP_VISIBLE_DEVICES", "0"),
            List.of(7)),
        Arguments.of(
            "ROCR by GPU id", env("ROCR_VISIBLE_DEVICES", "GPU-aaaa000000000003"), List.of(3)),
        Arguments.of("empty hides all", env("HIP_VISIBLE_DEVICES", ""), List.of()),
        Arguments.of("-1 hides all", env("CUDA_VISIBLE_DEVICES", "-1"), List.of()),
        Arguments.of(
            "empty ROCR hides all whatever HIP says",
            env("ROCR_VISIBLE_DEVICES", "", "HIP_VISIBLE_DEVICES", "0"),
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("amdMasks")
  void amdMasksApplyAsRocmDoes(String name, Settings s, List<Integer> expected) {
    if (expected == null) {
      assertThatThrownBy(() -> visible(amd(8), GpuVendor.AMD, s))
          .isInstanceOf(AimException.class)
          .hasMessageContaining("HIP_VISIBLE_DEVICES")
          .hasMessageContaining("0 GPU(s) are visible before this mask");
      return;
    }
    assertThat(visible(amd(8), GpuVendor.AMD, s)).isEqualTo(expected);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("HIP_VISIBLE_DEVICES", "0,,1", "empty entry"),
        Arguments.of("HIP_VISIBLE_DEVICES", "0,1,", "empty entry"),
        Arguments.of("HIP_VISIBLE_DEVICES", "a,b", "'a' is neither a device index nor a GPU-… id"),
        Arguments.of("ROCR_VISIBLE_DEVICES", "0;1", "'0;1' is neither"),
        Arguments.of("HIP_VISIBLE_DEVICES", "1,1", "'1' appears twice"),
        Arguments.of(
            "HIP_VISIBLE_DEVICES",
            "8",
            "there is no device 8: 8 GPU(s) are visible before this mask (0-7)"),
        Arguments.of("ROCR_VISIBLE_DEVICES", "GPU-ffff", "no visible GPU has id GPU-ffff"),
        Arguments.of("ROCR_VISIBLE_DEVICES", "GPU-aaaa", "matches 8 GPUs"),
        Arguments.of("CUDA_VISIBLE_DEVICES", "MIG-1234", "only NVIDIA GPUs have"),
        Arguments.of("HIP_VISIBLE_DEVICES", "-2", "neither"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("malformed")
  void malformedAmdMaskIsAnInvalidInputErrorNamingTheVariable(
      String var, String value, String why) {
    assertThatThrownBy(() -> visible(amd(8), GpuVendor.AMD, env(var, value)))
        .isInstanceOf(AimException.class)
        .hasMessageStartingWith(var + "=\"" + value + "\" is not a usable GPU mask")
        .hasMessageContaining(why)
        .satisfies(
            e -> assertThat(((AimException) e).exitCode()).isEqualTo(ExitCode.INVALID_INPUT));
  }

  @Test
  void nvidiaMaskTakesIndicesUuidsAndUuidPrefixes() {
    assertThat(visible(nvidia(4), GpuVendor.NVIDIA, env("CUDA_VISIBLE_DEVICES", "3,1")))
        .containsExactly(1, 3);
    assertThat(
            visible(nvidia(4), GpuVendor.NVIDIA, env("CUDA_VISIBLE_DEVICES", "GPU-5d5ba0d2-d33d")))
        .containsExactly(2);
    assertThat(visible(nvidia(4), GpuVendor.NVIDIA, env("CUDA_VISIBLE_DEVICES", "GPU-5d5ba0d2")))
        .containsExactly(2);
  }

  @Test
  void nvidiaIgnoresRocmMasksAndSaysSo() {
    VisibilityMasks.Applied a =
        VisibilityMasks.apply(
            nvidia(2), GpuVendor.NVIDIA, env("HIP_VISIBLE_DEVICES", "0"), List::of);

    assertThat(a.visible()).hasSize(2);
    assertThat(a.notes()).singleElement().asString().contains("ignored");
  }

  @Test
  void migInstanceBecomesTheSliceOfItsParentGpu() {
    List<NvidiaSmiDetector.MigSlice> slices =
        NvidiaSmiDetector.parseList(Fixtures.read("derived/nvidia-smi_-L_a100_mig.txt"));

    VisibilityMasks.Applied a =
        VisibilityMasks.apply(
            nvidia(2),
            GpuVendor.NVIDIA,
            env("CUDA_VISIBLE_DEVICES", "MIG-cba663e8-9bed-5b25-b243-5985ef7c9beb"),
            () -> slices);

    GpuDevice g = a.visible().get(0);
    assertThat(g.index()).isZero();
    assertThat(g.memoryTotalBytes()).isEqualTo(40_000_000_000L);
    assertThat(g.uniqueId()).isEqualTo("MIG-cba663e8-9bed-5b25-b243-5985ef7c9beb");
    assertThat(a.notes()).anyMatch(n -> n.contains("MIG id, not the GPU index"));
  }

  @Test
  void unknownMigInstanceIsAnError() {
    assertThatThrownBy(
            () ->
                VisibilityMasks.apply(
                    nvidia(2), GpuVendor.NVIDIA, env("CUDA_VISIBLE_DEVICES", "MIG-nope"), List::of))
        .isInstanceOf(AimException.class)
        .hasMessageContaining("no MIG instance MIG-nope");
  }

  @Test
  void differingHipAndCudaMasksOnAmdAreNoted() {
    VisibilityMasks.Applied a =
        VisibilityMasks.apply(
            amd(8),
            GpuVendor.AMD,
            env("HIP_VISIBLE_DEVICES", "0", "CUDA_VISIBLE_DEVICES", "1"),
            List::of);

    assertThat(a.notes()).anyMatch(n -> n.contains("differ"));
  }

  @Test
  void aMaskThatChangesNothingLeavesNoNote() {
    assertThat(
            VisibilityMasks.apply(
                    amd(2), GpuVendor.AMD, env("HIP_VISIBLE_DEVICES", "0,1"), List::of)
                .notes())
        .isEmpty();
  }
}
