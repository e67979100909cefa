package io.aimengine.runtime.container;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DefaultDockerCmdExecFactory;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.aimengine.core.AimException;
import io.aimengine.core.config.Settings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A Docker Engine API endpoint that answered (Docker or Podman), and the client speaking to it over
 * docker-java's dependency-free transport. {@link #find} tries DOCKER_HOST, else the usual Docker
 * and Podman sockets, and keeps the first that answers a ping.
 *
 * @param host the endpoint ("unix:///run/podman/podman.sock")
 * @param client the client; thread-safe
 * @param json the client's JSON mapping of requests and answers (docker-java's), for {@link
 *     ContainerRequest#warmUp}
 */
public record ContainerEngine(String host, DockerClient client, ObjectMapper json) {

  /** The first endpoint that answers, empty when none does. */
  public static Optional<ContainerEngine> find(Settings settings) {
    for (String host : settings.dockerHosts()) {
      if (host.startsWith("unix://")
          && !Files.exists(Path.of(host.substring("unix://".length())))) {
        continue;
      }
      ContainerEngine e = open(host, Duration.ofMinutes(30));
      try {
        e.client().pingCmd().exec();
        return Optional.of(e);
      } catch (RuntimeException ex) {
        close(e);
      }
    }
    return Optional.empty();
  }

  /**
   * The first endpoint that answers.
   *
   * @throws AimException (unexpected state, exit 3) naming what was tried and the ways out
   */
  public static ContainerEngine require(Settings settings) {
    return find(settings)
        .orElseThrow(
            () ->
                AimException.unexpectedState(
                    "no container engine answers (tried "
                        + String.join(", ", settings.dockerHosts())
                        + "); start Docker or 'podman system service', set DOCKER_HOST,"
                        + " or use --runtime process"));
  }

  static ContainerEngine open(String host, Duration responseTimeout) {
    DefaultDockerClientConfig config =
        DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
    ZerodepDockerHttpClient.Builder http =
        new ZerodepDockerHttpClient.Builder()
            .dockerHost(URI.create(host))
            .connectionTimeout(Duration.ofSeconds(3))
            .responseTimeout(responseTimeout);
    if (host.startsWith("unix://")) {
      // No TLS on a Unix socket: spare the JDK's default TLS context (its trust store).
      http.sslConfig(NoTls::new);
    }
    // What DockerClientImpl.getInstance(config, http) builds, with the mapper kept.
    ObjectMapper json = config.getObjectMapper();
    DockerClient client =
        DockerClientImpl.getInstance(config)
            .withDockerCmdExecFactory(new DefaultDockerCmdExecFactory(http.build(), json));
    return new ContainerEngine(host, client, json);
  }

  private static void close(ContainerEngine e) {
    try {
      e.client().close();
    } catch (java.io.IOException ignored) {
      // nothing to release on a failed ping
    }
  }

  /** Hosts tried, for messages. */
  public static List<String> tried(Settings settings) {
    return settings.dockerHosts();
  }
}
