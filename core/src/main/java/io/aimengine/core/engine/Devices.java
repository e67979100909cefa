package io.aimengine.core.engine;

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
 * PCI_BUS_ID, so CUDA's numbering matches nvidia-smi's.
 */
final class Devices {
  private Devices() {}

  static GpuVendor vendor(Plan plan) {
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
      env.put("CUDA_VISIBLE_DEVICES", ids);
    }
    return env;
  }

  static List<String> unsetEnv(Plan plan) {
    return vendor(plan) == GpuVendor.AMD ? List.of("ROCR_VISIBLE_DEVICES") : List.of();
  }

  /**
   * The {@code docker run} argv for a launch: device access per vendor, shared memory, env,
   * volumes, port mapping (published on {@code host} only, every interface for a wildcard), then
   * the engine argv with its executable as entrypoint.
   */
  static LaunchSpec.ContainerSpec container(
      Plan plan,
      String image,
      String name,
      List<String> argv,
      Map<String, String> env,
      Map<String, String> volumes,
      String host,
      int port) {
    GpuVendor v = vendor(plan);
    List<String> run = new ArrayList<>(List.of("docker", "run", "-d", "--name", name));
    List<String> devices = new ArrayList<>();
    List<String> groups = new ArrayList<>();
    String gpuRequest = null;
    if (v == GpuVendor.AMD) {
      devices.addAll(List.of("/dev/kfd", "/dev/dri"));
      groups.addAll(List.of("video", "render"));
      for (String d : devices) {
        run.addAll(List.of("--device", d));
      }
      for (String g : groups) {
        run.addAll(List.of("--group-add", g));
      }
      run.addAll(List.of("--security-opt", "seccomp=unconfined", "--cap-add", "SYS_PTRACE"));
    } else if (v == GpuVendor.NVIDIA) {
      gpuRequest = "device=" + indices(plan);
      run.addAll(List.of("--gpus", "\"" + gpuRequest + "\""));
    }
    run.add("--ipc=host");
    env.forEach((k, val) -> run.addAll(List.of("-e", k + "=" + val)));
    volumes.forEach((path, c) -> run.addAll(List.of("-v", path + ":" + c)));
    run.addAll(List.of("-p", BindAddress.publish(host, port)));
    run.addAll(List.of("--entrypoint", argv.get(0), image));
    run.addAll(argv.subList(1, argv.size()));
    return new LaunchSpec.ContainerSpec(image, run, devices, groups, gpuRequest, volumes, null);
  }
}
