package io.aimengine.runtime.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimengine.core.model.DtypeCounts;
import io.aimengine.core.model.SafetensorsHeader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Parameter counts per dtype of a repo's safetensors weights, from the tensor headers alone: each
 * shard's first 64 KiB by a byte range (and the rest of the header by a second range when it is
 * longer), all shards at once. The weights themselves are never read. Used where the Hub's model
 * API sends no safetensors summary (mirrors, older Hub versions). Thread-safe.
 */
final class RemoteHeaders {
  /** Small metadata reads run on virtual threads. */
  static final ExecutorService EXECUTOR = Executors.newVirtualThreadPerTaskExecutor();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int FIRST_READ = 64 << 10;
  private static final int MAX_INDEX = 64 << 20;

  private final HubClient client;

  RemoteHeaders(HubClient client) {
    this.client = client;
  }

  /**
   * Counts over the shards the index names (else the top-level {@code *.safetensors} files); {@link
   * DtypeCounts#NONE} when there are none or any header cannot be read.
   */
  DtypeCounts count(RepoId repo, String commit, List<RemoteFile> files) {
    try {
      List<String> shards = shards(repo, commit, files);
      if (shards.isEmpty()) {
        return DtypeCounts.NONE;
      }
      Map<String, Long> sizes = new LinkedHashMap<>();
      files.forEach(f -> sizes.put(f.path(), f.size()));
      List<Future<DtypeCounts>> parts = new ArrayList<>();
      for (String s : shards) {
        long size = sizes.getOrDefault(s, -1L);
        if (size <= 8) {
          return DtypeCounts.NONE; // size unknown or no header: the planner estimates
        }
        parts.add(EXECUTOR.submit(() -> header(repo, commit, s, size)));
      }
      Map<String, Long> all = new LinkedHashMap<>();
      for (Future<DtypeCounts> f : parts) {
        f.get().byDtype().forEach((k, v) -> all.merge(k, v, Long::sum));
      }
      return new DtypeCounts(all);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return DtypeCounts.NONE;
    } catch (Exception e) {
      return DtypeCounts.NONE; // unknown: the planner sizes from the index total or estimates
    }
  }

  private List<String> shards(RepoId repo, String commit, List<RemoteFile> files)
      throws IOException {
    Set<String> listed = new LinkedHashSet<>();
    files.forEach(f -> listed.add(f.path()));
    if (listed.contains(HubFacts.index())) {
      long size =
          files.stream()
              .filter(f -> f.path().equals(HubFacts.index()))
              .mapToLong(RemoteFile::size)
              .findFirst()
              .orElse(-1);
      if (size <= 0 || size > MAX_INDEX) {
        return List.of();
      }
      byte[] index =
          get(
              client,
              client.resolveUrl(repo, commit, HubFacts.index()),
              0,
              size - 1,
              repo,
              HubFacts.index());
      Set<String> named = new LinkedHashSet<>();
      JSON.readTree(index)
          .path("weight_map")
          .properties()
          .forEach(e -> named.add(e.getValue().asText()));
      return named.stream().filter(listed::contains).toList();
    }
    return listed.stream()
        .filter(
            p -> p.endsWith(".safetensors") && !p.contains("/") && !p.startsWith("consolidated"))
        .toList();
  }

  private DtypeCounts header(RepoId repo, String commit, String file, long size)
      throws IOException {
    URI uri = client.resolveUrl(repo, commit, file);
    byte[] first = get(client, uri, 0, Math.min(FIRST_READ, size) - 1, repo, file);
    long n = SafetensorsHeader.headerLength(first);
    if (n < 0) {
      throw new IOException(file + ": not a safetensors file");
    }
    byte[] json;
    if (8 + n > size) {
      throw new IOException(file + ": header longer than the file");
    }
    if (8 + n <= first.length) {
      json = java.util.Arrays.copyOfRange(first, 8, (int) (8 + n));
    } else {
      json = get(client, uri, 8, 8 + n - 1, repo, file);
    }
    return SafetensorsHeader.counts(json);
  }

  /**
   * Bytes {@code from..to} (inclusive) of a file whose size is not known yet: what arrived when the
   * file ends sooner, or when the transfer broke off. The caller verifies the bytes (config.json
   * against its listed git blob hash).
   */
  static byte[] upTo(HubClient client, URI uri, long from, long to, RepoId repo, String file)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      fetchInto(client, uri, from, to, repo, file, out);
    } catch (Transient shortBody) {
      // the range asked past the end: the server sent the whole (smaller) file
    }
    return out.toByteArray();
  }

  /**
   * Bytes {@code from..to} (inclusive) of a file, exactly; never more than the range asks, whatever
   * the server sends.
   */
  static byte[] get(HubClient client, URI uri, long from, long to, RepoId repo, String file)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    fetchInto(client, uri, from, to, repo, file, out);
    return out.toByteArray();
  }

  private static void fetchInto(
      HubClient client,
      URI uri,
      long from,
      long to,
      RepoId repo,
      String file,
      ByteArrayOutputStream out)
      throws IOException {
    long max = to - from + 1;
    client.fetch(
        uri,
        from,
        to,
        repo,
        file,
        b -> {
          int n = b.remaining();
          if (out.size() + (long) n > max) {
            throw new IOException(repo + "/" + file + ": more bytes than asked for");
          }
          byte[] chunk = new byte[n];
          b.get(chunk);
          out.write(chunk);
        });
  }
}
