package io.aimengine.runtime.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimengine.core.AimException;
import io.aimengine.core.ExitCode;
import io.aimengine.core.model.DtypeCounts;
import io.aimengine.core.model.HfConfig;
import io.aimengine.core.model.HubRepo;
import io.aimengine.core.model.JsonTree;
import io.aimengine.core.model.RepoFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Model facts from the Hub, metadata only, never the weights: in one round trip, the model API
 * ({@code /api/models/{id}/revision/main?blobs=true}: commit, file listing, and the safetensors
 * summary of parameters per dtype) and {@code config.json}, requested at the same time. Where the
 * Hub sends no summary, the parameters are counted from the safetensors headers, read with byte
 * ranges ({@link RemoteHeaders}).
 *
 * <p>Everything lands in the model cache: config.json like any pulled file (blob, snapshot link,
 * ref), the listing and the counts beside the repo's folders in {@code aim/hub-<commit>.json}
 * (which other tools ignore). The next plan, and every offline plan, reads them with no network.
 * Offline ({@code HF_HUB_OFFLINE}) only the cache is read. Thread-safe as {@link ModelCache} is.
 */
public final class HubFacts {
  /**
   * Written with an ObjectMapper when fetched; read back with {@link JsonTree} (jackson-core
   * alone), so a plan that finds the facts cached sets up none of Jackson's data binding.
   */
  private static final class Writer {
    static final ObjectMapper JSON = new ObjectMapper();
  }

  private static final JsonTree READER = new JsonTree();
  private static final String CONFIG = "config.json";
  private static final String INDEX = "model.safetensors.index.json";

  private final ModelCache cache;
  private final HubClient client;
  private final boolean offline;

  /**
   * @param client the Hub client for metadata requests (one attempt each on interactive paths)
   */
  public HubFacts(ModelCache cache, HubClient client, boolean offline) {
    this.cache = cache;
    this.client = client;
    this.offline = offline;
  }

  /** Whether the Hub may be asked (false under HF_HUB_OFFLINE). */
  public boolean online() {
    return !offline;
  }

  /**
   * What is known about a repo.
   *
   * @param dir the snapshot folder holding config.json, empty when there is none
   * @param repo the listing of its files, null when not known (a model pulled by other means)
   * @param counts parameters per dtype, {@link DtypeCounts#NONE} when not known
   */
  public record Found(Optional<Path> dir, HubRepo repo, DtypeCounts counts) {
    static final Found NOTHING = new Found(Optional.empty(), null, DtypeCounts.NONE);
  }

  /**
   * The facts of {@code modelId}: from the cache when it has them, else (online) from the Hub into
   * the cache. {@code needListing}: a cached config.json without a listing (a model pulled by other
   * means) is not enough, the listing is fetched.
   *
   * @throws RepoNotFound when the Hub does not know the id
   * @throws Unreachable when the Hub could not be reached
   * @throws AimException for a gated repo without a usable token, and other Hub failures
   */
  public Found lookup(String modelId, boolean needListing) {
    return lookup(modelId, "main", needListing);
  }

  /** {@link #lookup(String, boolean)} at {@code revision} (branch, tag or commit), cached apart. */
  public Found lookup(String modelId, String revision, boolean needListing) {
    Optional<RepoId> parsed = RepoId.parse(modelId);
    if (parsed.isEmpty()) {
      return Found.NOTHING;
    }
    RepoId repo = parsed.get();
    Found cached = cached(repo, revision);
    if (offline || cached.repo() != null || (cached.dir().isPresent() && !needListing)) {
      return cached;
    }
    try {
      return fetch(repo, revision);
    } catch (AimException e) {
      if (e.getCause() instanceof Transient) {
        throw new Unreachable(e.getMessage(), e);
      }
      throw e;
    }
  }

  /** The Hub could not be reached (network, timeouts, 5xx): facts are unknown, not wrong. */
  public static final class Unreachable extends AimException {
    Unreachable(String message, Throwable cause) {
      super(ExitCode.FAILURE, message, cause);
    }
  }

  private Found cached(RepoId repo, String revision) {
    HubCache layout = cache.layout();
    Optional<String> commit = layout.commitFor(repo, revision);
    if (commit.isEmpty()) {
      return Found.NOTHING;
    }
    Path dir = layout.snapshotDir(repo, commit.get());
    Optional<Path> config = Optional.of(dir).filter(d -> Files.isRegularFile(d.resolve(CONFIG)));
    Path info = infoFile(repo, commit.get());
    if (!Files.isRegularFile(info)) {
      return new Found(config, null, DtypeCounts.NONE);
    }
    try {
      JsonNode n = READER.read(Files.readAllBytes(info));
      List<RepoFile> files = new ArrayList<>();
      n.path("files")
          .forEach(
              f -> files.add(new RepoFile(f.path("path").asText(), f.path("size").asLong(-1))));
      Map<String, Long> counts = new LinkedHashMap<>();
      n.path("parameters").properties().forEach(e -> counts.put(e.getKey(), e.getValue().asLong()));
      return new Found(
          config, new HubRepo(repo.id(), commit.get(), files), new DtypeCounts(counts));
    } catch (IOException | RuntimeException e) {
      return new Found(config, null, DtypeCounts.NONE); // unreadable: fetched again online
    }
  }

  /**
   * One round trip: the model API and config.json at once. config.json is read at the revision and
   * kept only when its git blob hash is the one the listing names (it did not move in between);
   * otherwise, and for the rare repo whose listing sends no summary, more requests follow.
   */
  private Found fetch(RepoId repo, String revision) {
    CompletableFuture<byte[]> config =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return RemoteHeaders.upTo(
                    client,
                    client.resolveUrl(repo, revision, CONFIG),
                    0,
                    HfConfig.MAX_CONFIG_BYTES,
                    repo,
                    CONFIG);
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            },
            RemoteHeaders.EXECUTOR);
    RepoInfo info;
    try {
      info = client.repoInfo(repo, revision);
    } catch (RuntimeException e) {
      config.cancel(true);
      throw e;
    }
    String commit = info.commit();
    Optional<RemoteFile> listedConfig =
        info.files().stream().filter(f -> f.path().equals(CONFIG)).findFirst();
    try {
      cache.layout().requireNoLinks(repo, commit);
      if (listedConfig.isPresent()) {
        byte[] body = configBody(config);
        String etag = body == null ? null : gitBlobSha1(body);
        if (body != null
            && body.length <= HfConfig.MAX_CONFIG_BYTES
            && etag.equals(listedConfig.get().etag())) {
          store(repo, commit, CONFIG, etag, body);
        } else {
          // main moved between the two requests, or the config came back oddly: pull it at the
          // listed commit the ordinary way (it is verified there).
          cache.pull(
              new PullRequest(repo, commit, FilePatterns.of(List.of(CONFIG), List.of()), false),
              PullProgress.NONE);
        }
      } else {
        config.cancel(true);
      }
      DtypeCounts counts = new DtypeCounts(info.safetensorsParameters());
      if (counts.isEmpty()) {
        counts = new RemoteHeaders(client).count(repo, commit, info.files());
      }
      if (counts.isEmpty() && info.files().stream().anyMatch(f -> f.path().equals(INDEX))) {
        // No counts at all: the index's total_size still sizes the weights.
        cache.pull(
            new PullRequest(repo, commit, FilePatterns.of(List.of(INDEX), List.of()), false),
            PullProgress.NONE);
      }
      List<RepoFile> files =
          info.files().stream().map(f -> new RepoFile(f.path(), f.size())).toList();
      writeInfo(repo, commit, files, counts);
      if (!HubCache.isCommit(revision)) {
        cache.layout().writeRef(repo, revision, commit);
      }
      Path dir = cache.layout().snapshotDir(repo, commit);
      return new Found(
          Optional.of(dir).filter(d -> Files.isRegularFile(d.resolve(CONFIG))),
          new HubRepo(repo.id(), commit, files),
          counts);
    } catch (IOException e) {
      throw new AimException(
          ExitCode.FAILURE,
          "cannot write the cache at " + cache.layout().root() + ": " + e.getMessage(),
          e);
    }
  }

  private static byte[] configBody(CompletableFuture<byte[]> config) {
    try {
      return config.get();
    } catch (ExecutionException e) {
      return null; // the listing decides: pulled the ordinary way, with its own errors
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AimException(ExitCode.FAILURE, "interrupted while reading config.json");
    }
  }

  /** Writes a small file into the cache as a pull would: blob, then the snapshot link. */
  private void store(RepoId repo, String commit, String file, String etag, byte[] body)
      throws IOException {
    HubCache layout = cache.layout();
    Path blob = layout.blob(repo, etag);
    if (!Files.isRegularFile(blob)) {
      Files.createDirectories(blob.getParent());
      Path tmp = blob.resolveSibling(etag + ".tmp-" + UUID.randomUUID());
      try {
        Files.write(tmp, body);
        Files.move(tmp, blob, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    layout.link(repo, commit, file, etag);
  }

  private Path infoFile(RepoId repo, String commit) {
    return cache.layout().repoDir(repo).resolve("aim").resolve("hub-" + commit + ".json");
  }

  private void writeInfo(RepoId repo, String commit, List<RepoFile> files, DtypeCounts counts)
      throws IOException {
    ObjectNode root = Writer.JSON.createObjectNode();
    root.put("commit", commit);
    ArrayNode fs = root.putArray("files");
    files.forEach(f -> fs.addObject().put("path", f.path()).put("size", f.bytes()));
    ObjectNode p = root.putObject("parameters");
    counts.byDtype().forEach(p::put);
    Path info = infoFile(repo, commit);
    Files.createDirectories(info.getParent());
    Path tmp = info.resolveSibling(info.getFileName() + ".tmp-" + UUID.randomUUID());
    try {
      Files.write(tmp, Writer.JSON.writeValueAsBytes(root));
      Files.move(tmp, info, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  static String gitBlobSha1(byte[] data) {
    java.security.MessageDigest md = Digests.forEtag("0".repeat(40), data.length);
    md.update(data);
    return Digests.hex(md);
  }

  static String index() {
    return INDEX;
  }
}
