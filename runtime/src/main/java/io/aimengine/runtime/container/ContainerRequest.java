package io.aimengine.runtime.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Device;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
import io.aimengine.core.engine.ContainerSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link ContainerSpec} into docker-java's create request: the same record {@code plan}
 * prints as a {@code docker run} line, field for field (devices at the same path, groups, IPC or
 * /dev/shm size, security options, capabilities, NVIDIA device request, env, ports, read-only
 * mounts, labels). The image's own HEALTHCHECK is switched off: readiness and liveness are AIM
 * Engine's (one lifecycle for both runtimes).
 */
public final class ContainerRequest {
  private ContainerRequest() {}

  /** Fills {@code cmd} (from {@code client.createContainerCmd(image)}) from the spec. */
  public static CreateContainerCmd render(CreateContainerCmd cmd, ContainerSpec c) {
    HostConfig host = HostConfig.newHostConfig();
    List<Device> devices = new ArrayList<>();
    for (String d : c.devices()) {
      devices.add(new Device("rwm", d, d));
    }
    host.withDevices(devices);
    if (!c.groups().isEmpty()) {
      host.withGroupAdd(c.groups());
    }
    if (c.ipcHost()) {
      host.withIpcMode("host");
    } else if (c.shmBytes() > 0) {
      host.withShmSize(c.shmBytes());
    }
    if (!c.securityOpts().isEmpty()) {
      host.withSecurityOpts(c.securityOpts());
    }
    if (!c.capAdd().isEmpty()) {
      host.withCapAdd(c.capAdd().stream().map(Capability::valueOf).toArray(Capability[]::new));
    }
    if (!c.gpuIds().isEmpty()) {
      host.withDeviceRequests(
          List.of(
              new DeviceRequest()
                  .withDriver("nvidia")
                  .withDeviceIds(c.gpuIds())
                  .withCapabilities(List.of(List.of("gpu")))));
    }
    List<ExposedPort> exposed = new ArrayList<>();
    List<PortBinding> bindings = new ArrayList<>();
    for (ContainerSpec.Port p : c.ports()) {
      ExposedPort e = ExposedPort.tcp(p.containerPort());
      exposed.add(e);
      bindings.add(
          new PortBinding(
              p.everyInterface()
                  ? Ports.Binding.bindPort(p.hostPort())
                  : Ports.Binding.bindIpAndPort(p.hostIp(), p.hostPort()),
              e));
    }
    host.withPortBindings(bindings);
    List<Bind> binds = new ArrayList<>();
    for (ContainerSpec.Mount m : c.mounts()) {
      binds.add(
          new Bind(
              m.source(), new Volume(m.target()), m.readOnly() ? AccessMode.ro : AccessMode.rw));
    }
    host.withBinds(binds);
    List<String> env = new ArrayList<>();
    c.env().forEach((k, v) -> env.add(k + "=" + v));
    return cmd.withName(c.name())
        .withEntrypoint(c.entrypoint())
        .withCmd(c.cmd())
        .withEnv(env)
        .withLabels(c.labels())
        .withExposedPorts(exposed)
        .withHealthcheck(new HealthCheck().withTest(List.of("NONE")))
        .withHostConfig(host);
  }

  /** The create request for a spec on a client. */
  public static CreateContainerCmd of(DockerClient client, ContainerSpec c) {
    return render(client.createContainerCmd(c.image()), c);
  }

  /**
   * A spec with every field a create request can carry, for {@link #warmUp}: the JSON mapping
   * builds a serializer for each type it meets.
   */
  static final ContainerSpec EVERY_FIELD =
      new ContainerSpec(
          "aim-warm-up",
          "localhost/aim-warm-up:0",
          true,
          List.of("llama-server"),
          List.of("--port", "8000"),
          java.util.Map.of("HF_HOME", "/workspace/model-cache"),
          List.of("/dev/kfd"),
          List.of("video"),
          false,
          1L << 30,
          List.of("seccomp=unconfined"),
          List.of("SYS_PTRACE"),
          List.of("0"),
          List.of(
              new ContainerSpec.Port("127.0.0.1", 8000, 8000),
              new ContainerSpec.Port("0.0.0.0", 8001, 8001)),
          List.of(
              new ContainerSpec.Mount("/workspace/model", "/workspace/model", true),
              new ContainerSpec.Mount("/workspace/model-cache", "/workspace/model-cache", false)),
          java.util.Map.of(ContainerSpec.LABEL_ENDPOINT, "aim-warm-up"));

  /**
   * Builds the client's JSON mapping of a launch's requests and answers ahead, sending nothing: the
   * image look-up's answer, the create request ({@link #EVERY_FIELD}) and its answer. Jackson
   * introspects each type by reflection the first time (docker-java's create request and image
   * answer: ~40 classes, ~28 and ~60 ms of CPU); a launch calls this on the thread that opened the
   * client while the plan is made, so that the look-up and the create, which follow the plan, find
   * it built. Best effort: a failure only leaves the work to the launch.
   */
  public static void warmUp(ContainerEngine engine) {
    try {
      engine
          .json()
          .readValue(
              "{\"Id\":\"sha256:0\",\"RepoTags\":[\"localhost/aim-warm-up:0\"],"
                  + "\"Config\":{\"User\":\"aim\",\"Env\":[\"A=b\"],\"Labels\":{}},"
                  + "\"Size\":1}",
              com.github.dockerjava.api.command.InspectImageResponse.class);
      engine.json().writeValueAsBytes(of(engine.client(), EVERY_FIELD));
      engine
          .json()
          .readValue(
              "{\"Id\":\"0\",\"Warnings\":[]}",
              com.github.dockerjava.api.command.CreateContainerResponse.class);
    } catch (java.io.IOException | RuntimeException e) {
      // the launch builds what it needs itself
    }
  }
}
