package io.aimengine.runtime.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The second record of a running endpoint, kept beside the runtime's own files ({@code
 * run/NAME/lease.json}): what the state database holds about it, written when the engine started
 * and again when it became ready. When {@code state.db} is lost (deleted, restored from an old
 * backup) while engines run, the store rebuilds their rows from the leases of live engines, so
 * their GPUs, port and name are never handed out twice. Written atomically (temp file + rename).
 *
 * @param name endpoint name
 * @param model the model asked for
 * @param servedModel the name clients send
 * @param recipeId the recipe applied
 * @param engine engine label
 * @param runtime runtime label
 * @param state {@code starting} or {@code ready} when written
 * @param host bind address
 * @param port HTTP port
 * @param gpus device indices held
 * @param gpuModel GPU model
 * @param pid process-group leader
 * @param pidStart its start time
 * @param launcherPid the launching CLI
 * @param launcherStart its start time
 * @param logPath the engine log
 * @param healthPath the health path
 * @param restartPolicy "no" or "on-failure"
 * @param createdAt when the launch began (epoch ms)
 * @param containerId the container, null for a process (and in leases written before containers)
 * @param gpuSlices the MIG instances held on {@code gpus} (absent in leases written before them:
 *     whole GPUs)
 */
public record Lease(
    String name,
    String model,
    String servedModel,
    String recipeId,
    String engine,
    String runtime,
    String state,
    String host,
    int port,
    List<Integer> gpus,
    String gpuModel,
    long pid,
    long pidStart,
    long launcherPid,
    long launcherStart,
    String logPath,
    String healthPath,
    String restartPolicy,
    long createdAt,
    String containerId,
    List<String> gpuSlices) {
  static final String FILE = "lease.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  public Lease {
    gpus = gpus == null ? List.of() : List.copyOf(gpus);
    gpuSlices = gpuSlices == null ? List.of() : List.copyOf(gpuSlices);
  }

  /** The lease of a row. */
  public static Lease of(Endpoint e) {
    return new Lease(
        e.name(),
        e.model(),
        e.servedModel(),
        e.recipeId(),
        e.engine(),
        e.runtime(),
        e.state().label(),
        e.host(),
        e.port(),
        e.gpus(),
        e.gpuModel(),
        e.pid(),
        e.pidStart(),
        e.launcherPid(),
        e.launcherStart(),
        e.logPath().toString(),
        e.healthPath(),
        e.restartPolicy(),
        e.createdAt() == null ? 0 : e.createdAt().toEpochMilli(),
        e.containerId(),
        e.gpuSlices());
  }

  /** Writes {@code runDir/lease.json} atomically. */
  public static void write(Path runDir, Endpoint e) throws IOException {
    Files.createDirectories(runDir);
    Path tmp = Files.createTempFile(runDir, "lease", ".tmp");
    try {
      JSON.writeValue(tmp.toFile(), of(e));
      Files.move(
          tmp,
          runDir.resolve(FILE),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The lease in {@code runDir}, empty when missing, a symlink, or unreadable. */
  public static Optional<Lease> read(Path runDir) {
    Path f = runDir.resolve(FILE);
    if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(f.toFile(), Lease.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The row this lease stands for (argv, plan and history are not kept in a lease). */
  public Endpoint toEndpoint() {
    Instant created = Instant.ofEpochMilli(createdAt);
    return new Endpoint(
        name,
        model,
        servedModel,
        recipeId,
        null,
        engine,
        runtime,
        EndpointState.of(state),
        host,
        port,
        gpus,
        gpuModel,
        pid,
        pidStart,
        launcherPid,
        launcherStart,
        null,
        Path.of(logPath),
        List.of(),
        healthPath,
        restartPolicy,
        0,
        created,
        created,
        null,
        null,
        null,
        containerId,
        gpuSlices);
  }
}
