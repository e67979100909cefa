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
  private final ModelCache cache;

  RemoteHeaders(HubClient client, ModelCache cache) {
    this.client = client;
    this.cache = cache;
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
      List<Future<DtypeCounts>> parts = new ArrayList<>();
      for (String s : shards) {
        parts.add(EXECUTOR.submit(() -> header(repo, commit, s)));
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
      byte[] index =
          get(
              client,
              client.resolveUrl(repo, commit, HubFacts.index()),
              0,
              MAX_INDEX,
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

  private DtypeCounts header(RepoId repo, String commit, String file) throws IOException {
    URI uri = client.resolveUrl(repo, commit, file);
    byte[] first = get(client, uri, 0, FIRST_READ - 1, repo, file);
    long n = SafetensorsHeader.headerLength(first);
    if (n < 0) {
      throw new IOException(file + ": not a safetensors file");
    }
    byte[] json;
    if (8 + n <= first.length) {
      json = java.util.Arrays.copyOfRange(first, 8, (int) (8 + n));
    } else {
      json = get(client, uri, 8, 8 + n - 1, repo, file);
    }
    return SafetensorsHeader.counts(json);
  }

  /**
   * Bytes {@code from..to} (inclusive) of a file, fewer when it ends sooner; never more than the
   * range asks, whatever the server sends.
   */
  static byte[] get(HubClient client, URI uri, long from, long to, RepoId repo, String file)
      throws IOException {
    long max = to - from + 1;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
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
    return out.toByteArray();
  }
}
