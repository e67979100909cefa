package io.aimengine.runtime.cache;

import static io.aimengine.runtime.cache.CacheFixture.MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimengine.core.AimException;
import io.aimengine.core.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCacheTest {
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

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

  /** Endpoints as the store would report them. */
  record Usage(Map<String, List<String>> inUse, Map<String, Instant> used) implements CacheUsage {
    @Override
    public Optional<Instant> lastUsed(RepoId repo) {
      return Optional.ofNullable(used.get(repo.id()));
    }

    @Override
    public List<String> inUseBy(RepoId repo) {
      return inUse.getOrDefault(repo.id(), List.of());
    }
  }

  @Test
  void preparingACachedModelForLaunchMakesNoNetworkRequestAtAll() {
    fx.pull();
    fx.hub.resetCounters();

    PullResult r = fx.cache().prepare(MODEL, "main", false, PullProgress.NONE);

    assertThat(fx.hub.requestCount()).isZero();
    assertThat(r.network()).isFalse();
    assertThat(r.commit()).isEqualTo(fx.commit);
    assertThat(r.snapshot()).isEqualTo(fx.layout().snapshotDir(RepoId.of(MODEL), fx.commit));
    assertThat(r.files()).containsExactlyInAnyOrderElementsOf(CacheFixture.defaultFiles());
  }

  @Test
  void preparingAModelThatIsNotCachedPullsIt() {
    PullResult r = fx.cache().prepare(MODEL, "main", false, PullProgress.NONE);

    assertThat(r.network()).isTrue();
    assertThat(r.fetchedBytes()).isPositive();
  }

  @Test
  void offlinePullOfACachedModelSucceedsWithoutTheNetwork() {
    fx.pull();
    fx.hub.close(); // nothing to talk to

    PullResult r = fx.cache().pull(PullRequest.of(MODEL).withOffline(true), PullProgress.NONE);

    assertThat(r.network()).isFalse();
    assertThat(r.commit()).isEqualTo(fx.commit);
  }

  @Test
  void offlineOnAnUncachedModelNamesWhatIsMissingAndWhatToRun() {
    assertThatThrownBy(() -> fx.cache().prepare(MODEL, "main", true, PullProgress.NONE))
        .isInstanceOfSatisfying(
            AimException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.UNEXPECTED_STATE))
        .hasMessageContaining("offline: " + MODEL + "@main is not completely cached")
        .hasMessageContaining("aim-engine cache pull " + MODEL);
    assertThat(fx.hub.requestCount()).isZero();
  }

  @Test
  void offlineListsExactlyTheShardsThatAreGone() throws Exception {
    fx.pull();
    RepoId repo = RepoId.of(MODEL);
    String etag = fx.hub.blob(MODEL, fx.commit, "model-00002-of-00002.safetensors").etag();
    Files.delete(fx.layout().blob(repo, etag));
    Files.delete(fx.layout().snapshotFile(repo, fx.commit, "config.json"));
    fx.hub.resetCounters();

    assertThatThrownBy(() -> fx.cache().prepare(MODEL, "main", true, PullProgress.NONE))
        .hasMessageContaining(
            "missing model-00002-of-00002.safetensors (its blob is gone), config.json.");
    assertThat(fx.hub.requestCount()).isZero();
  }

  @Test
  void snapshotWithConfigButNoWeightsIsNotLaunchable() throws Exception {
    fx.cache()
        .pull(
            new PullRequest(
                RepoId.of(MODEL),
                "main",
                FilePatterns.of(List.of("config.json"), List.of()),
                false),
            PullProgress.NONE);

    Completeness c =
        Completeness.check(fx.layout(), RepoId.of(MODEL), "main", FilePatterns.defaults(List.of()));

    assertThat(c.complete()).isFalse();
    assertThat(c.missing()).containsExactly("the weights (no *.safetensors, *.bin or *.gguf file)");
    assertThat(fx.cache().snapshotFor(MODEL, "main")).isPresent(); // the planner can still read it
  }

  @Test
  void removeIsRefusedWhileAnEndpointUsesTheModelUnlessForced() {
    fx.pull();
    fx.usage = new Usage(Map.of(MODEL, List.of("qwen-a", "qwen-b")), Map.of());

    assertThatThrownBy(() -> fx.cache().remove(MODEL, false))
        .isInstanceOfSatisfying(
            AimException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.UNEXPECTED_STATE))
        .hasMessageContaining(MODEL + " is in use by endpoints qwen-a, qwen-b")
        .hasMessageContaining("--force");
    assertThat(fx.layout().repoDir(RepoId.of(MODEL))).exists();

    ModelCache.Removal r = fx.cache().remove(MODEL, true);

    assertThat(r.freedBytes()).isPositive();
    assertThat(fx.layout().repoDir(RepoId.of(MODEL))).doesNotExist();
    assertThat(fx.layout().root().resolve(".locks").resolve(RepoId.of(MODEL).folderName()))
        .doesNotExist();
  }

  @Test
  void removingAModelThatIsNotCachedIsExitThree() {
    assertThatThrownBy(() -> fx.cache().remove("acme/absent", false))
        .isInstanceOfSatisfying(
            AimException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.UNEXPECTED_STATE))
        .hasMessageContaining("acme/absent is not in the cache");
  }

  private void seedFour() throws Exception {
    HubCache l = fx.layout();
    Seed.tiny(l, "acme/oldest", 4000);
    Seed.tiny(l, "acme/old-but-running", 3000);
    Seed.tiny(l, "acme/middle", 2000);
    Seed.tiny(l, "acme/recent", 1000);
    Seed.touched(l, "acme/oldest", NOW.minus(Duration.ofDays(90)));
    Seed.touched(l, "acme/old-but-running", NOW.minus(Duration.ofDays(80)));
    Seed.touched(l, "acme/middle", NOW.minus(Duration.ofDays(40)));
    Seed.touched(l, "acme/recent", NOW.minus(Duration.ofDays(60)));
    fx.usage =
        new Usage(
            Map.of("acme/old-but-running", List.of("runner")),
            // the store saw "recent" used yesterday, later than its layout time
            Map.of("acme/recent", NOW.minus(Duration.ofDays(1))));
  }

  private static List<String> ids(ModelCache.PruneResult r) {
    return r.removed().stream().map(p -> p.entry().repo().repo().id()).toList();
  }

  @Test
  void pruneOlderThanRemovesUnusedModelsLeastRecentlyUsedFirstAndNeverOneInUse() throws Exception {
    seedFour();

    ModelCache.PruneResult r =
        fx.cache().prune(Optional.of(Duration.ofDays(30)), OptionalLong.empty(), false, NOW);

    assertThat(ids(r)).containsExactly("acme/oldest", "acme/middle");
    assertThat(r.keptInUse())
        .extracting(e -> e.repo().repo().id())
        .containsExactly("acme/old-but-running");
    assertThat(fx.layout().repos())
        .extracting(c -> c.repo().id())
        .containsExactly("acme/old-but-running", "acme/recent");
  }

  @Test
  void pruneToAMaximumSizeRemovesLeastRecentlyUsedUntilItFits() throws Exception {
    seedFour();
    long total = fx.cache().stats().sizeBytes();

    // Must drop 4,500 bytes: "oldest" (4,000 + config) is enough... but only just not: take two.
    ModelCache.PruneResult r =
        fx.cache().prune(Optional.empty(), OptionalLong.of(total - 4500), false, NOW);

    assertThat(ids(r)).containsExactly("acme/oldest", "acme/middle");
    assertThat(r.remainingBytes()).isLessThanOrEqualTo(total - 4500);
    assertThat(fx.cache().stats().sizeBytes()).isEqualTo(r.remainingBytes());
  }

  @Test
  void pruneDryRunReportsButDeletesNothing() throws Exception {
    seedFour();

    ModelCache.PruneResult r =
        fx.cache().prune(Optional.of(Duration.ofDays(30)), OptionalLong.empty(), true, NOW);

    assertThat(r.dryRun()).isTrue();
    assertThat(ids(r)).containsExactly("acme/oldest", "acme/middle");
    assertThat(fx.layout().repos()).hasSize(4);
  }

  @Test
  void pruneWithoutACriterionIsInvalidInput() {
    assertThatThrownBy(() -> fx.cache().prune(Optional.empty(), OptionalLong.empty(), false, NOW))
        .isInstanceOfSatisfying(
            AimException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT));
  }

  @Test
  void verifyFindsACorruptedBlobAndFixRemovesItSoTheNextPullRefetchesIt() throws Exception {
    fx.pull();
    RepoId repo = RepoId.of(MODEL);
    String etag = fx.hub.blob(MODEL, fx.commit, "model-00001-of-00002.safetensors").etag();
    Path blob = fx.layout().blob(repo, etag);
    byte[] bytes = Files.readAllBytes(blob);
    bytes[1000] ^= 1;
    Files.write(blob, bytes);

    ModelCache.Verification v = fx.cache().verify(MODEL, false, PullProgress.NONE);
    assertThat(v.ok()).isFalse();
    assertThat(v.corrupt()).containsExactly(etag);
    assertThat(blob).exists();

    fx.cache().verify(MODEL, true, PullProgress.NONE);
    assertThat(blob).doesNotExist();
    fx.pull();
    assertThat(fx.cache().verify(MODEL, false, PullProgress.NONE).ok()).isTrue();
  }

  @Test
  void listAndStatsAreDerivedFromTheLayoutAndTheStore() throws Exception {
    fx.pull();
    fx.usage = new Usage(Map.of(MODEL, List.of("tiny")), Map.of());

    List<ModelCache.Entry> list = fx.cache().list();
    ModelCache.Stats stats = fx.cache().stats();

    assertThat(list).hasSize(1);
    ModelCache.Entry e = list.get(0);
    assertThat(e.repo().repo().id()).isEqualTo(MODEL);
    assertThat(e.repo().revisions()).containsExactly("main");
    assertThat(e.repo().fileCount()).isEqualTo(CacheFixture.defaultFiles().size());
    assertThat(e.inUseBy()).containsExactly("tiny");
    long expected =
        CacheFixture.defaultFiles().stream()
            .mapToLong(f -> fx.hub.blob(MODEL, fx.commit, f).size())
            .sum();
    assertThat(e.repo().sizeBytes()).isEqualTo(expected);
    assertThat(stats.sizeBytes()).isEqualTo(expected);
    assertThat(stats.models()).isEqualTo(1);
    assertThat(stats.inUse()).isEqualTo(1);
  }
}
