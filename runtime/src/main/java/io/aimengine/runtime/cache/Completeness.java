package io.aimengine.runtime.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a cached revision can be served without the network, and if not, exactly what is missing
 * — judged from the layout alone: the ref, the snapshot, links whose blob is gone, {@code
 * config.json}, and the weight shards the safetensors (or PyTorch) index names. Without an index,
 * one weight file must be present. With user patterns, each {@code --include} must match a file.
 *
 * @param repo the model
 * @param revision the revision asked for
 * @param commit the commit it names locally, null when unknown
 * @param snapshot the snapshot folder, null when absent
 * @param missing what is missing, one human-readable item each; empty when complete
 * @param partialBytes bytes of partial downloads waiting to be resumed
 */
public record Completeness(
    RepoId repo,
    String revision,
    String commit,
    Path snapshot,
    List<String> missing,
    long partialBytes) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public Completeness {
    missing = List.copyOf(missing);
  }

  public boolean complete() {
    return missing.isEmpty();
  }

  /** Checks one revision. Reads only the cache; never the network. */
  public static Completeness check(
      HubCache cache, RepoId repo, String revision, FilePatterns patterns) {
    long partial = cache.repo(repo).map(CachedRepo::incompleteBytes).orElse(0L);
    if (!Files.isDirectory(cache.repoDir(repo))) {
      return new Completeness(
          repo,
          revision,
          null,
          null,
          List.of("the model (nothing cached under " + cache.root() + ")"),
          0);
    }
    Optional<String> commit = cache.commitFor(repo, revision);
    if (commit.isEmpty()) {
      return new Completeness(
          repo,
          revision,
          null,
          null,
          List.of(
              "revision '" + revision + "' (no refs/" + revision + ": never pulled completely)"),
          partial);
    }
    Path snap = cache.snapshotDir(repo, commit.get());
    if (!Files.isDirectory(snap)) {
      return new Completeness(
          repo,
          revision,
          commit.get(),
          null,
          List.of("snapshot " + commit.get() + " of revision '" + revision + "'"),
          partial);
    }
    Set<String> missing = new LinkedHashSet<>();
    CachedRepo.Snapshot s =
        cache.repo(repo).orElseThrow().snapshots().stream()
            .filter(x -> x.commit().equals(commit.get()))
            .findFirst()
            .orElseThrow();
    for (String d : s.dangling()) {
      missing.add(d + " (its blob is gone)");
    }
    // Dangling files are reported above; the checks below look for files not there at all.
    List<String> present = s.files();
    if (patterns.isDefault()) {
      requireDefaults(snap, present, missing);
    } else {
      for (String inc : patterns.include()) {
        FilePatterns one = FilePatterns.of(List.of(inc), patterns.exclude());
        if (one.select(present).isEmpty()) {
          missing.add("a file matching '" + inc + "'");
        }
      }
    }
    return new Completeness(repo, revision, commit.get(), snap, new ArrayList<>(missing), partial);
  }

  private static void requireDefaults(Path snap, List<String> present, Set<String> missing) {
    if (!present.contains("config.json")) {
      missing.add("config.json");
    }
    List<String> indexes =
        present.stream()
            .filter(f -> f.endsWith(".safetensors.index.json") || f.endsWith(".bin.index.json"))
            .filter(f -> !f.contains("/"))
            .toList();
    if (indexes.isEmpty()) {
      if (present.stream().noneMatch(FilePatterns::weightFile)) {
        missing.add("the weights (no *.safetensors, *.bin or *.gguf file)");
      }
      return;
    }
    for (String index : indexes) {
      for (String shard : shards(snap.resolve(index))) {
        if (!present.contains(shard)) {
          missing.add(shard + " (named in " + index + ")");
        }
      }
    }
  }

  private static Set<String> shards(Path index) {
    Set<String> out = new LinkedHashSet<>();
    try {
      JsonNode map = JSON.readTree(index.toFile()).path("weight_map");
      for (Iterator<JsonNode> it = map.elements(); it.hasNext(); ) {
        out.add(it.next().asText());
      }
    } catch (IOException e) {
      out.add(index.getFileName() + " (unreadable: " + e.getMessage() + ")");
    }
    return out;
  }

  /** "config.json, model-00002-of-00004.safetensors (named in ...)" */
  public String describe() {
    String list = String.join(", ", missing.size() > 10 ? missing.subList(0, 10) : missing);
    return list
        + (missing.size() > 10 ? ", and " + (missing.size() - 10) + " more" : "")
        + (partialBytes > 0 ? " (" + Bytes.human(partialBytes) + " partially downloaded)" : "");
  }
}
