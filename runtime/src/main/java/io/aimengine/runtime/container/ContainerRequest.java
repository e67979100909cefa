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
}
