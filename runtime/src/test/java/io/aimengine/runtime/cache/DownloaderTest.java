package io.aimengine.runtime.cache;

import static io.aimengine.runtime.cache.CacheFixture.MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimengine.core.AimException;
import io.aimengine.core.ExitCode;
import io.aimengine.testsupport.ForwardProxy;
import io.aimengine.testsupport.HubServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloaderTest {
  @TempDir Path tmp;
  CacheFixture fx;

  @BeforeEach
  void start() throws Exception {
    fx = new CacheFixture(tmp.resolve("hub"));
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  private long defaultBytes() {
    return CacheFixture.defaultFiles().stream()
        .mapToLong(f -> fx.hub.blob(MODEL, fx.commit, f).size())
        .sum();
  }

  static final long CHUNK = 64 << 10;

  /** The first byte a Range header asks for. */
  private static long start(String range) {
    return Long.parseLong(range.substring("bytes=".length(), range.indexOf('-')));
  }

  private static boolean cdn(String path) {
    return path.startsWith("/cdn/");
  }

  @Test
  void pullFetchesTheDefaultFilesVerifiedAndLinkedIntoTheSnapshot() throws Exception {
    PullResult r = fx.pull();

    assertThat(r.commit()).isEqualTo(fx.commit);
    assertThat(r.files()).containsExactlyInAnyOrderElementsOf(CacheFixture.defaultFiles());
    assertThat(r.fetchedBytes()).isEqualTo(defaultBytes());
    assertThat(r.downloadedFiles()).isEqualTo(CacheFixture.defaultFiles().size());
    HubCache layout = fx.layout();
    assertThat(layout.readRef(RepoId.of(MODEL), "main")).contains(fx.commit);
    for (String f : CacheFixture.defaultFiles()) {
      Path link = layout.snapshotFile(RepoId.of(MODEL), fx.commit, f);
      assertThat(Files.isSymbolicLink(link)).as(f).isTrue();
      assertThat(Files.readAllBytes(link)).as(f).isEqualTo(fx.hub.blob(MODEL, fx.commit, f).data());
    }
    try (Stream<Path> blobs = Files.list(layout.repoDir(RepoId.of(MODEL)).resolve("blobs"))) {
      assertThat(blobs.map(p -> p.getFileName().toString()))
          .allMatch(HubCache::isEtag)
          .hasSize(CacheFixture.defaultFiles().size());
    }
  }

  @Test
  void largeFilesAreFetchedInParallelRangesAndSmallOnesWhole() {
    fx.pull();

    List<HubServer.Request> shardGets =
        fx.hub.requests().stream().filter(q -> cdn(q.path()) && q.method().equals("GET")).toList();
    // 2 shards of 300,000 bytes in 64 KiB ranges: 5 ranges each.
    assertThat(shardGets).hasSize(10);
    assertThat(shardGets).allMatch(q -> q.range() != null && q.range().startsWith("bytes="));
  }

  @Test
  void secondPullFindsEverythingCachedAndFetchesNoContent() {
    fx.pull();
    fx.hub.resetCounters();

    PullResult again = fx.pull();

    assertThat(again.fetchedBytes()).isZero();
    assertThat(again.downloadedFiles()).isZero();
    assertThat(fx.hub.contentBytesSent()).isZero();
    // Only the revision lookup: an online pull checks what main is now.
    assertThat(fx.hub.requests())
        .extracting(HubServer.Request::path)
        .containsExactly("/api/models/" + MODEL + "/revision/main");
  }

  @Test
  void connectionCutMidFileIsResumedWithARangeFromWhereItStopped() {
    fx.hub.fault("GET", DownloaderTest::cdn, new HubServer.Fault.CutAfter(40_000), 1);

    PullResult r = fx.pull();

    assertThat(r.fetchedBytes()).isEqualTo(defaultBytes());
    // Nothing was fetched twice: the retry asked only for the bytes after the cut.
    assertThat(fx.hub.contentBytesSent()).isEqualTo(defaultBytes());
    assertThat(fx.hub.requests())
        .filteredOn(q -> cdn(q.path()))
        .extracting(HubServer.Request::range)
        .anyMatch(range -> start(range) % CHUNK == 40_000);
    assertThat(fx.sleeps).hasSize(1);
  }

  @Test
  void interruptedPullLeavesAResumableFileThatTheNextPullContinues() throws Exception {
    fx.attempts = 1;
    String shard = "model-00001-of-00002.safetensors";
    String etag = fx.hub.blob(MODEL, fx.commit, shard).etag();
    fx.hub.fault("GET", p -> p.equals("/cdn/" + etag), new HubServer.Fault.CutAfter(30_000), 1);

    assertThatThrownBy(fx::pull)
        .isInstanceOf(AimException.class)
        .hasMessageContaining(shard)
        .hasMessageContaining("broke off");
    Path part = fx.layout().incomplete(RepoId.of(MODEL), etag);
    assertThat(part).exists();
    assertThat(Spans.sidecarOf(part)).exists();
    assertThat(fx.layout().readRef(RepoId.of(MODEL), "main")).isEmpty();
    assertThat(fx.layout().snapshotDir(RepoId.of(MODEL), fx.commit)).doesNotExist();
    long cut =
        fx.hub.requests().stream()
            .filter(q -> q.path().equals("/cdn/" + etag) && q.method().equals("GET"))
            .map(q -> start(q.range()))
            .findFirst()
            .orElseThrow();

    fx.hub.resetCounters();
    fx.attempts = 4;
    PullResult r = fx.pull();

    assertThat(r.files()).contains(shard);
    assertThat(part).doesNotExist();
    assertThat(Spans.sidecarOf(part)).doesNotExist();
    assertThat(fx.hub.requests())
        .filteredOn(q -> q.path().equals("/cdn/" + etag))
        .extracting(HubServer.Request::range)
        .anyMatch(range -> start(range) == cut + 30_000)
        .noneMatch(range -> start(range) == cut);
    assertThat(Files.readAllBytes(fx.layout().blob(RepoId.of(MODEL), etag)))
        .isEqualTo(fx.hub.blob(MODEL, fx.commit, shard).data());
  }

  @Test
  void partialFileLeftByHuggingfaceHubIsResumedAsAPrefix() throws Exception {
    String shard = "model-00002-of-00002.safetensors";
    HubServer.Blob b = fx.hub.blob(MODEL, fx.commit, shard);
    Path part = fx.layout().incomplete(RepoId.of(MODEL), b.etag());
    Files.createDirectories(part.getParent());
    Files.write(
        part, java.util.Arrays.copyOf(b.data(), 100_000)); // no .parts: written front to back

    fx.pull();

    assertThat(fx.hub.requests())
        .filteredOn(q -> q.path().equals("/cdn/" + b.etag()))
        .extracting(HubServer.Request::range)
        .allMatch(r -> !r.startsWith("bytes=0-"))
        .contains("bytes=100000-165535");
    assertThat(Files.readAllBytes(fx.layout().blob(RepoId.of(MODEL), b.etag())))
        .isEqualTo(b.data());
  }

  @Test
  void checksumMismatchIsRejectedAndNothingIsPublished() {
    String shard = "model-00001-of-00002.safetensors";
    String etag = fx.hub.blob(MODEL, fx.commit, shard).etag();
    fx.hub.fault("GET", p -> p.equals("/cdn/" + etag), new HubServer.Fault.Corrupt(), 1);

    assertThatThrownBy(fx::pull)
        .isInstanceOfSatisfying(
            AimException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.FAILURE))
        .hasMessageContaining("checksum mismatch for " + MODEL + "/" + shard)
        .hasMessageContaining("expected sha256 " + etag)
        .hasMessageContaining("nothing was published");

    HubCache layout = fx.layout();
    RepoId repo = RepoId.of(MODEL);
    assertThat(layout.blob(repo, etag)).doesNotExist();
    assertThat(layout.incomplete(repo, etag)).doesNotExist();
    assertThat(Spans.sidecarOf(layout.incomplete(repo, etag))).doesNotExist();
    assertThat(layout.snapshotDir(repo, fx.commit)).doesNotExist();
    assertThat(layout.readRef(repo, "main")).isEmpty();
  }

  @Test
  void regularFilesAreVerifiedByTheirGitBlobSha1() {
    fx.hub.fault("GET", p -> p.endsWith("/tokenizer.json"), new HubServer.Fault.Corrupt(), 1);

    assertThatThrownBy(fx::pull)
        .isInstanceOf(AimException.class)
        .hasMessageContaining("checksum mismatch for " + MODEL + "/tokenizer.json")
        .hasMessageContaining("expected git-sha1");
  }

  @Test
  void twoConcurrentPullsOfOneModelDownloadEachBlobOnceAndBothSucceed() {
    CompletableFuture<PullResult> a = CompletableFuture.supplyAsync(fx::pull);
    CompletableFuture<PullResult> b = CompletableFuture.supplyAsync(fx::pull);

    PullResult ra = a.join();
    PullResult rb = b.join();

    assertThat(ra.commit()).isEqualTo(rb.commit());
    assertThat(ra.fetchedBytes() + rb.fetchedBytes()).isEqualTo(defaultBytes());
    assertThat(fx.hub.contentBytesSent()).isEqualTo(defaultBytes());
    for (String f : CacheFixture.defaultFiles()) {
      assertThat(fx.layout().snapshotFile(RepoId.of(MODEL), fx.commit, f)).exists();
    }
  }

  @Test
  void tooLittleDiskSpaceIsRefusedBeforeAnyDownload() {
    fx.disk = dir -> 200_000;

    assertThatThrownBy(fx::pull)
        .isInstanceOfSatisfying(
            AimException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.UNEXPECTED_STATE))
        .hasMessageContaining("not enough disk space for " + MODEL)
        .hasMessageContaining("AIM_CACHE_DIR");
    assertThat(fx.hub.contentBytesSent()).isZero();
    assertThat(fx.layout().repoDir(RepoId.of(MODEL)).resolve("blobs")).doesNotExist();
  }

  @Test
  void diskFullMidFileFailsClearlyAndPublishesNothing() {
    fx.opener = CacheFixture.failingAfter(100_000);

    assertThatThrownBy(fx::pull)
        .isInstanceOf(AimException.class)
        .hasMessageContaining("No space left on device")
        .hasMessageContaining("disk full");
    RepoId repo = RepoId.of(MODEL);
    assertThat(fx.layout().snapshotDir(repo, fx.commit)).doesNotExist();
    assertThat(fx.layout().readRef(repo, "main")).isEmpty();
    // no retries of a local write failure
    assertThat(fx.sleeps).isEmpty();
  }

  @Test
  void newCommitOnMainReusesUnchangedBlobsAndMovesTheRef() throws Exception {
    fx.pull();
    Map<String, byte[]> changed = new java.util.LinkedHashMap<>(CacheFixture.files());
    changed.put("generation_config.json", CacheFixture.utf8("{\"do_sample\":false}"));
    String next = "1".repeat(40);
    fx.hub.addCommit(MODEL, next, changed);
    fx.hub.setRef(MODEL, "main", next);
    fx.hub.resetCounters();

    PullResult r = fx.pull();

    assertThat(r.commit()).isEqualTo(next);
    assertThat(r.fetchedBytes()).isEqualTo(changed.get("generation_config.json").length);
    assertThat(fx.layout().readRef(RepoId.of(MODEL), "main")).contains(next);
    assertThat(fx.layout().snapshotDir(RepoId.of(MODEL), fx.commit)).exists();
  }

  @Test
  void includePatternsSelectExactlyTheMatchingFiles() {
    PullResult r =
        fx.cache()
            .pull(
                new PullRequest(
                    RepoId.of(MODEL),
                    "main",
                    FilePatterns.of(List.of("*.json"), List.of("tokenizer*")),
                    false),
                PullProgress.NONE);

    assertThat(r.files())
        .containsExactlyInAnyOrder(
            "config.json", "generation_config.json", "model.safetensors.index.json");
  }

  @Test
  void patternsMatchingNothingAreInvalidInputNamingTheRepoFiles() {
    assertThatThrownBy(
            () ->
                fx.cache()
                    .pull(
                        new PullRequest(
                            RepoId.of(MODEL),
                            "main",
                            FilePatterns.of(List.of("*.gguf"), List.of()),
                            false),
                        PullProgress.NONE))
        .isInstanceOfSatisfying(
            AimException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
        .hasMessageContaining("--include [*.gguf]")
        .hasMessageContaining("config.json");
  }

  @Test
  void throughAnHttpProxyACutIsResumedAndEveryBlobVerified() throws Exception {
    ForwardProxy proxy = closeLater(ForwardProxy.start());
    fx.proxies = proxied(proxy);
    fx.hub.fault("GET", DownloaderTest::cdn, new HubServer.Fault.CutAfter(40_000), 1);

    PullResult r = fx.pull();

    assertThat(r.fetchedBytes()).isEqualTo(defaultBytes());
    assertThat(fx.hub.contentBytesSent()).isEqualTo(defaultBytes());
    assertThat(fx.hub.requests())
        .filteredOn(q -> cdn(q.path()))
        .extracting(HubServer.Request::range)
        .anyMatch(range -> start(range) % CHUNK == 40_000);
    for (String f : CacheFixture.defaultFiles()) {
      assertThat(Files.readAllBytes(fx.layout().snapshotFile(RepoId.of(MODEL), fx.commit, f)))
          .isEqualTo(fx.hub.blob(MODEL, fx.commit, f).data());
    }
    assertThat(proxy.requests())
        .as("requests in absolute form, as sent to a proxy")
        .allMatch(
            l -> l.matches("(GET|HEAD) http://(127\\.0\\.0\\.1|localhost):\\d+/.* HTTP/1\\.1"));
    assertThat(fx.hub.requests())
        .as("every request the hub saw came through the proxy")
        .allMatch(q -> proxy.requests().stream().anyMatch(l -> l.contains(q.path())));
  }

  @Test
  void throughAnHttpProxyACorruptedBlobIsRejected() throws Exception {
    fx.proxies = proxied(closeLater(ForwardProxy.start()));
    fx.hub.fault("GET", DownloaderTest::cdn, new HubServer.Fault.Corrupt(), 1);

    assertThatThrownBy(fx::pull).hasMessageContaining("checksum mismatch");
    assertThat(fx.layout().readRef(RepoId.of(MODEL), "main")).isEmpty();
  }

  private final java.util.List<AutoCloseable> toClose = new java.util.ArrayList<>();

  private <T extends AutoCloseable> T closeLater(T c) {
    toClose.add(c);
    return c;
  }

  @org.junit.jupiter.api.AfterEach
  void closeProxies() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  /** Rules sending http URLs through {@code proxy}, as HTTP_PROXY does. */
  static io.aimengine.runtime.http.ProxyRules proxied(ForwardProxy proxy) {
    return io.aimengine.runtime.http.ProxyRules.from(
        new io.aimengine.core.config.Settings(
            java.util.Map.of("HTTP_PROXY", proxy.url()), java.nio.file.Path.of("/nonexistent")));
  }
}
