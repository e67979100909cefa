package io.aimengine.core.engine;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.aimengine.core.hardware.GpuCatalog;
import io.aimengine.core.hardware.GpuSpec;
import io.aimengine.core.hardware.GpuVendor;
import io.aimengine.core.plan.Plan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Device visibility and container device access for a plan, shared by the GPU engines.
 *
 * <p>AMD: HIP_VISIBLE_DEVICES and CUDA_VISIBLE_DEVICES both name the chosen devices (vLLM on ROCm
 * copies one to the other and refuses when they differ); an inherited ROCR_VISIBLE_DEVICES would
 * re-mask underneath, so it is removed. NVIDIA: CUDA_VISIBLE_DEVICES with CUDA_DEVICE_ORDER =
 * PCI_BUS_ID, so CUDA's numbering matches nvidia-smi's; a MIG instance is named by its {@code
 * MIG-…} id (it has no index of its own), in the environment and in a container's device request.
 */
public final class Devices {
  private Devices() {}

  /** The vendor of the plan's GPUs; null for a plan on the CPU. */
  public static GpuVendor vendor(Plan plan) {
    if (plan.gpuCount() == 0) {
      return null;
    }
    return GpuCatalog.builtIn().find(plan.gpuModel()).map(GpuSpec::vendor).orElse(GpuVendor.AMD);
  }

  static String indices(Plan plan) {
    return plan.gpuIndices().stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  static Map<String, String> visibilityEnv(Plan plan) {
    Map<String, String> env = new LinkedHashMap<>();
    GpuVendor v = vendor(plan);
    if (v == null) {
      return env;
    }
    String ids = indices(plan);
    if (v == GpuVendor.AMD) {
      env.put("HIP_VISIBLE_DEVICES", ids);
      env.put("CUDA_VISIBLE_DEVICES", ids);
    } else {
      env.put("CUDA_DEVICE_ORDER", "PCI_BUS_ID");
      env.put(
          "CUDA_VISIBLE_DEVICES",
          plan.migDevices().isEmpty() ? ids : String.join(",", plan.migDevices()));
    }
    return env;
  }

  static List<String> unsetEnv(Plan plan) {
    return vendor(plan) == GpuVendor.AMD ? List.of("ROCR_VISIBLE_DEVICES") : List.of();
  }

  /**
   * The container for a launch: device access per vendor (AMD: /dev/kfd, the planned GPUs' render
   * nodes where known else all of /dev/dri, video/render groups, seccomp unconfined; NVIDIA: a
   * device request for the planned indices), shared memory (host IPC for tensor parallelism, else a
   * sized /dev/shm), then env, mounts, the published port and the engine argv.
   *
   * @param renderNodes device index → render node path; used only when it covers every planned GPU
   */
  static ContainerSpec container(
      Plan plan,
      String name,
      EngineImages.Pinned pinned,
      boolean vouched,
      List<String> argv,
      Map<String, String> env,
      List<ContainerSpec.Mount> mounts,
      ContainerSpec.Port port,
      Map<Integer, String> renderNodes) {
    GpuVendor v = vendor(plan);
    List<String> devices = new ArrayList<>();
    List<String> groups = new ArrayList<>();
    List<String> security = new ArrayList<>();
    List<String> caps = new ArrayList<>();
    List<String> gpuIds = new ArrayList<>();
    if (v == GpuVendor.AMD) {
      devices.add("/dev/kfd");
      if (renderNodes.keySet().containsAll(plan.gpuIndices())) {
        plan.gpuIndices().forEach(i -> devices.add(renderNodes.get(i)));
      } else {
        devices.add("/dev/dri");
      }
      groups.addAll(List.of("video", "render"));
      security.add("seccomp=unconfined");
      caps.add("SYS_PTRACE");
    } else if (v == GpuVendor.NVIDIA) {
      if (plan.migDevices().isEmpty()) {
        plan.gpuIndices().forEach(i -> gpuIds.add(String.valueOf(i)));
      } else {
        gpuIds.addAll(plan.migDevices());
      }
    }
    // Tensor parallel workers exchange tensors through shared memory: host IPC when several GPUs
    // work together, else a /dev/shm sized for one worker (8 GiB on a GPU, 1 GiB on CPU).
    boolean ipcHost = plan.tensorParallelSize() > 1 || plan.pipelineParallelSize() > 1;
    long shm = ipcHost ? 0 : (v == null ? 1L : 8L) << 30;
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(ContainerSpec.LABEL_ENDPOINT, name);
    labels.put(ContainerSpec.LABEL_MODEL, plan.model());
    labels.put(
        ContainerSpec.LABEL_PLAN_HASH,
        planHash(pinned == null ? "" : pinned.reference(), argv, env, mounts));
    labels.put(ContainerSpec.LABEL_VERSION, io.aimengine.core.AimVersion.get());
    return new ContainerSpec(
        name,
        pinned == null ? null : pinned.reference(),
        vouched,
        argv.subList(0, 1),
        argv.subList(1, argv.size()),
        env,
        devices,
        groups,
        ipcHost,
        shm,
        security,
        caps,
        gpuIds,
        List.of(port),
        mounts,
        labels);
  }

  /** A short, stable hash of what the container runs (same plan → same hash). */
  static String planHash(
      String image, List<String> argv, Map<String, String> env, List<ContainerSpec.Mount> mounts) {
    byte[] digest =
        Sha256.digest((image + "\n" + argv + "\n" + env + "\n" + mounts).getBytes(UTF_8));
    return java.util.HexFormat.of().formatHex(digest).substring(0, 16);
  }
}
