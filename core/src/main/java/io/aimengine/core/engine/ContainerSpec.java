package io.aimengine.core.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One container launch, described once: {@link #dockerRun()} renders it as the {@code docker run}
 * line {@code plan} prints, and the container runtime renders the same record into its Docker
 * Engine API request, so the two cannot drift. Immutable.
 *
 * @param name container name (the endpoint name)
 * @param image image reference, never a floating tag from the table
 * @param imageVouched true when the image comes from the pinned image table for the plan's engine
 *     version; false for {@code --image} (the flags were not checked against it)
 * @param entrypoint the engine executable (and its fixed prefix)
 * @param cmd the engine's arguments
 * @param env environment set in the container
 * @param devices host device paths passed through at the same path (/dev/kfd, render nodes)
 * @param groups supplementary groups (video, render)
 * @param ipcHost share the host's IPC namespace (tensor parallelism over shared memory)
 * @param shmBytes size of /dev/shm when not {@code ipcHost}, 0 for the engine default
 * @param securityOpts security options (seccomp=unconfined)
 * @param capAdd added capabilities (SYS_PTRACE)
 * @param gpuIds NVIDIA device request ids (the planned GPU indices), empty elsewhere
 * @param ports published ports
 * @param mounts bind mounts
 * @param labels labels marking the container as AIM Engine's (see {@link #LABEL_ENDPOINT})
 */
public record ContainerSpec(
    String name,
    String image,
    boolean imageVouched,
    List<String> entrypoint,
    List<String> cmd,
    Map<String, String> env,
    List<String> devices,
    List<String> groups,
    boolean ipcHost,
    long shmBytes,
    List<String> securityOpts,
    List<String> capAdd,
    List<String> gpuIds,
    List<Port> ports,
    List<Mount> mounts,
    Map<String, String> labels) {

  /** Label holding the endpoint name; its presence marks a container as AIM Engine's. */
  public static final String LABEL_ENDPOINT = "io.aimengine.endpoint";

  public static final String LABEL_MODEL = "io.aimengine.model";
  public static final String LABEL_PLAN_HASH = "io.aimengine.plan-hash";
  public static final String LABEL_VERSION = "io.aimengine.version";

  public ContainerSpec {
    entrypoint = List.copyOf(entrypoint);
    cmd = List.copyOf(cmd);
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    devices = List.copyOf(devices);
    groups = List.copyOf(groups);
    securityOpts = List.copyOf(securityOpts);
    capAdd = List.copyOf(capAdd);
    gpuIds = List.copyOf(gpuIds);
    ports = List.copyOf(ports);
    mounts = List.copyOf(mounts);
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
  }

  /**
   * A published port.
   *
   * @param hostIp host address ("127.0.0.1"; "0.0.0.0" for every interface)
   * @param hostPort port on the host
   * @param containerPort port the engine listens on inside
   */
  public record Port(String hostIp, int hostPort, int containerPort) {
    /** True when every interface publishes it. */
    public boolean everyInterface() {
      return BindAddress.isWildcard(hostIp);
    }

    /** The {@code docker run -p} value: {@code [ip:]hostPort:containerPort}. */
    public String publish() {
      String ip =
          everyInterface()
              ? ""
              : hostIp.contains(":") && !hostIp.startsWith("[")
                  ? "[" + hostIp + "]:"
                  : hostIp + ":";
      return ip + hostPort + ":" + containerPort;
    }
  }

  /**
   * A bind mount.
   *
   * @param source host path
   * @param target path in the container
   * @param readOnly mounted read-only
   */
  public record Mount(String source, String target, boolean readOnly) {
    /**
     * The record's own form ({@code Mount[source=…, target=…, readOnly=…]}), which the plan hash
     * includes, written out: the generated one is linked at run time (ObjectMethods), which no JDK
     * 25 start-up cache keeps (~10 ms of every launch).
     */
    @Override
    public String toString() {
      return "Mount[source=" + source + ", target=" + target + ", readOnly=" + readOnly + "]";
    }
  }

  /** The same container with another image (not vouched for). */
  public ContainerSpec withImage(String other) {
    return new ContainerSpec(
        name,
        other,
        false,
        entrypoint,
        cmd,
        env,
        devices,
        groups,
        ipcHost,
        shmBytes,
        securityOpts,
        capAdd,
        gpuIds,
        ports,
        mounts,
        labels);
  }

  /**
   * The {@code docker run} argv (one word per element, unquoted) that creates this container. It
   * runs as the image's own user (no {@code --user}: AIM Engine's images run as the non-root {@code
   * aim}, the engines' images as root), with the image's HEALTHCHECK off (readiness and liveness
   * are AIM Engine's), exactly as the API request does.
   */
  public List<String> dockerRun() {
    List<String> run =
        new ArrayList<>(List.of("docker", "run", "-d", "--name", name, "--no-healthcheck"));
    labels.forEach((k, v) -> run.addAll(List.of("--label", k + "=" + v)));
    devices.forEach(d -> run.addAll(List.of("--device", d)));
    groups.forEach(g -> run.addAll(List.of("--group-add", g)));
    securityOpts.forEach(o -> run.addAll(List.of("--security-opt", o)));
    capAdd.forEach(c -> run.addAll(List.of("--cap-add", c)));
    if (!gpuIds.isEmpty()) {
      // docker parses --gpus as CSV: the quotes keep "device=0,1" one field.
      run.addAll(List.of("--gpus", "\"device=" + String.join(",", gpuIds) + "\""));
    }
    if (ipcHost) {
      run.add("--ipc=host");
    } else if (shmBytes > 0) {
      run.addAll(List.of("--shm-size", shmBytes + "b"));
    }
    env.forEach((k, v) -> run.addAll(List.of("-e", k + "=" + v)));
    for (Mount m : mounts) {
      run.addAll(List.of("-v", m.source() + ":" + m.target() + (m.readOnly() ? ":ro" : "")));
    }
    for (Port p : ports) {
      run.addAll(List.of("-p", p.publish()));
    }
    run.addAll(List.of("--entrypoint", entrypoint.get(0)));
    run.add(image == null ? "<no pinned image: pass --image>" : image);
    run.addAll(entrypoint.subList(1, entrypoint.size()));
    run.addAll(cmd);
    return run;
  }
}
