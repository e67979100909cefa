package io.aimengine.runtime.cache;

import static io.aimengine.runtime.cache.CacheFixture.MODEL;
import static org.assertj.core.api.Assertions.assertThat;

import io.aimengine.testsupport.HubServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache we write must be the one huggingface_hub reads: this walks it by the library's rules
 * ({@code try_to_load_from_cache}, {@code scan_cache_dir}) using nothing of ours, and reads a cache
 * laid out the way huggingface_hub writes it.
 */
class LayoutConformanceTest {
  @TempDir Path tmp;

  /** huggingface_hub: refs/{revision} → commit → snapshots/{commit}/{filename}, or null. */
  static Path tryToLoadFromCache(Path cacheDir, String repoId, String filename, String revision)
      throws Exception {
    Path repo = cacheDir.resolve("models--" + repoId.replace("/", "--"));
    if (!Files.isDirectory(repo)) {
      return null;
    }
    String commit = revision;
    Path ref = repo.resolve("refs").resolve(revision);
    if (Files.isRegularFile(ref)) {
      commit = Files.readString(ref); // read as-is: no trailing newline allowed
    }
    if (Files.exists(repo.resolve(".no_exist").resolve(commit).resolve(filename))) {
      return null;
    }
    Path file = repo.resolve("snapshots").resolve(commit).resolve(filename);
    return Files.exists(file) ? file : null;
  }

  static String hashFor(String etag, byte[] content) throws Exception {
    if (etag.length() == 64) {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
    MessageDigest md = MessageDigest.getInstance("SHA-1");
    md.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
    return HexFormat.of().formatHex(md.digest(content));
  }

  @Test
  void aCacheWeWroteResolvesByTheHubLibraryRules() throws Exception {
    Path hub = tmp.resolve("hub");
    Map<String, byte[]> files = new LinkedHashMap<>(CacheFixture.files());
    files.put("nested/deeper/extra_config.json", CacheFixture.utf8("{\"a\":1}"));
    String commit;
    try (CacheFixture fx = new CacheFixture(hub)) {
      commit = "2".repeat(40);
      fx.hub.addCommit(MODEL, commit, files);
      fx.hub.setRef(MODEL, "main", commit);
      fx.cache()
          .pull(
              new PullRequest(
                  RepoId.of(MODEL),
                  "main",
                  FilePatterns.of(List.of("*.json", "*.safetensors"), List.of()),
                  false),
              PullProgress.NONE);
    }

    Path repo = hub.resolve("models--acme--tiny-llm");
    assertThat(Files.readString(repo.resolve("refs/main"))).isEqualTo(commit);
    List<String> checked = new ArrayList<>();
    for (String name :
        List.of(
            "config.json", "model-00001-of-00002.safetensors", "nested/deeper/extra_config.json")) {
      Path file = tryToLoadFromCache(hub, MODEL, name, "main");
      assertThat(file).as(name).isNotNull();
      assertThat(Files.isSymbolicLink(file)).as(name).isTrue();
      Path target = Files.readSymbolicLink(file);
      assertThat(target.isAbsolute()).as(name + " link is relative").isFalse();
      int depth = name.split("/").length - 1;
      assertThat(target.toString()).startsWith("../../" + "../".repeat(depth) + "blobs/");
      Path blob = file.getParent().resolve(target).normalize();
      assertThat(blob.getParent()).isEqualTo(repo.resolve("blobs"));
      String etag = blob.getFileName().toString();
      assertThat(hashFor(etag, Files.readAllBytes(blob))).as(name).isEqualTo(etag);
      checked.add(name);
    }
    assertThat(checked).hasSize(3);
    // scan_cache_dir: every blob is referenced, no leftovers of the download
    try (Stream<Path> blobs = Files.list(repo.resolve("blobs"))) {
      assertThat(blobs.map(p -> p.getFileName().toString())).allMatch(HubCache::isEtag);
    }
    assertThat(hub.resolve(".locks/models--acme--tiny-llm")).isDirectory();
  }

  @Test
  void aCacheFilledByHuggingfaceHubIsReadInPlace() throws Exception {
    // As hf_hub_download leaves it: blobs named by etag, relative links, refs without newline,
    // a .no_exist marker and a lock folder.
    Path hub = tmp.resolve("hf");
    Path repo = hub.resolve("models--Org--Model");
    String commit = "3".repeat(40);
    byte[] config = CacheFixture.utf8("{\"model_type\":\"qwen3\"}");
    byte[] weights = HubServer.bytes(5000, 9);
    String cfgEtag = hashFor("x".repeat(40), config);
    String wEtag = hashFor("x".repeat(64), weights);
    Files.createDirectories(repo.resolve("blobs"));
    Files.write(repo.resolve("blobs").resolve(cfgEtag), config);
    Files.write(repo.resolve("blobs").resolve(wEtag), weights);
    Path snap = repo.resolve("snapshots").resolve(commit);
    Files.createDirectories(snap);
    Files.createSymbolicLink(snap.resolve("config.json"), Path.of("../../blobs/" + cfgEtag));
    Files.createSymbolicLink(snap.resolve("model.safetensors"), Path.of("../../blobs/" + wEtag));
    Files.createDirectories(repo.resolve("refs"));
    Files.writeString(repo.resolve("refs/main"), commit);
    Files.createDirectories(repo.resolve(".no_exist").resolve(commit));
    Files.createFile(repo.resolve(".no_exist").resolve(commit).resolve("generation_config.json"));
    Files.createDirectories(hub.resolve(".locks/models--Org--Model"));

    HubCache layout = new HubCache(hub);
    CachedRepo r = layout.repo(RepoId.of("Org/Model")).orElseThrow();

    assertThat(r.sizeBytes()).isEqualTo(config.length + weights.length);
    assertThat(r.refs()).containsEntry("main", commit);
    assertThat(r.fileCount()).isEqualTo(2);
    assertThat(layout.snapshotFor("Org/Model", "main")).contains(snap);
    assertThat(
            Completeness.check(
                    layout, RepoId.of("Org/Model"), "main", FilePatterns.defaults(List.of()))
                .complete())
        .isTrue();
    assertThat(layout.repos()).extracting(c -> c.repo().id()).containsExactly("Org/Model");
  }
}
