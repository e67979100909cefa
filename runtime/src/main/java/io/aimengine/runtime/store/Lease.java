package io.aimengine.runtime.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * Read and written through Jackson's tree model, not its data binding: binding a record introspects
 * its class by reflection the first time (~25 ms of CPU on a launch's critical path, where the plan
 * reads every lease for the GPUs held); the JSON is the same.
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
  private static final ObjectMapper JSON = new ObjectMapper();

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
      JSON.writeValue(tmp.toFile(), of(e).json());
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
      return Optional.of(of(JSON.readTree(f.toFile())));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The lease as JSON: each component under its name, in order; null where null. */
  ObjectNode json() {
    ObjectNode n = JSON.createObjectNode();
    n.put("name", name)
        .put("model", model)
        .put("servedModel", servedModel)
        .put("recipeId", recipeId)
        .put("engine", engine)
        .put("runtime", runtime)
        .put("state", state)
        .put("host", host)
        .put("port", port);
    ArrayNode g = n.putArray("gpus");
    gpus.forEach(g::add);
    n.put("gpuModel", gpuModel)
        .put("pid", pid)
        .put("pidStart", pidStart)
        .put("launcherPid", launcherPid)
        .put("launcherStart", launcherStart)
        .put("logPath", logPath)
        .put("healthPath", healthPath)
        .put("restartPolicy", restartPolicy)
        .put("createdAt", createdAt)
        .put("containerId", containerId);
    ArrayNode s = n.putArray("gpuSlices");
    gpuSlices.forEach(s::add);
    return n;
  }

  /**
   * The lease {@code n} holds: a missing or null field is null (0 for a number, empty for a list),
   * others are ignored.
   *
   * @throws IOException when {@code n} is no object or a field has another type
   */
  static Lease of(JsonNode n) throws IOException {
    if (!n.isObject()) {
      throw new IOException("not a JSON object");
    }
    return new Lease(
        text(n, "name"),
        text(n, "model"),
        text(n, "servedModel"),
        text(n, "recipeId"),
        text(n, "engine"),
        text(n, "runtime"),
        text(n, "state"),
        text(n, "host"),
        Math.toIntExact(number(n, "port")),
        list(n, "gpus", x -> x.canConvertToInt() ? x.intValue() : null),
        text(n, "gpuModel"),
        number(n, "pid"),
        number(n, "pidStart"),
        number(n, "launcherPid"),
        number(n, "launcherStart"),
        text(n, "logPath"),
        text(n, "healthPath"),
        text(n, "restartPolicy"),
        number(n, "createdAt"),
        text(n, "containerId"),
        list(n, "gpuSlices", x -> x.isTextual() ? x.textValue() : null));
  }

  private static String text(JsonNode n, String field) throws IOException {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new IOException(field + ": expected a string");
    }
    return v.textValue();
  }

  private static long number(JsonNode n, String field) throws IOException {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return 0;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IOException(field + ": expected a whole number");
    }
    return v.longValue();
  }

  private static <T> List<T> list(
      JsonNode n, String field, java.util.function.Function<JsonNode, T> element)
      throws IOException {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isArray()) {
      throw new IOException(field + ": expected a list");
    }
    List<T> out = new java.util.ArrayList<>(v.size());
    for (JsonNode x : v) {
      T t = x.isIntegralNumber() || x.isTextual() ? element.apply(x) : null;
      if (t == null) {
        throw new IOException(field + ": unexpected element " + x);
      }
      out.add(t);
    }
    return out;
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
