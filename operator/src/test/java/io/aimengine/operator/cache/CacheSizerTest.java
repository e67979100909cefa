package io.aimengine.operator.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimengine.core.catalog.FileCatalog;
import io.aimengine.core.config.Settings;
import io.aimengine.core.hardware.GpuCatalog;
import io.aimengine.core.plan.ModelFactsResolver;
import io.aimengine.runtime.cache.HubClient;
import io.aimengine.runtime.cache.RemoteFile;
import io.aimengine.runtime.cache.RepoId;
import io.aimengine.runtime.cache.RepoInfo;
import io.aimengine.testsupport.HubServer;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where an AIMCache's size comes from: the spec, the Hub's listing, the catalog, a default. */
class CacheSizerTest {
  static final long GIB = 1L << 30;
  static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

  @TempDir Path home;
  HubServer hub;
  final ModelFactsResolver facts =
      new ModelFactsResolver(
          new FileCatalog(List.of(FileCatalog.builtInRoot()), GpuCatalog.builtIn()));

  @BeforeEach
  void startHub() throws Exception {
    hub = HubServer.start();
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  private CacheSizer online(String endpoint) {
    return new CacheSizer(
        Optional.of(
            HubClient.createForMetadata(new Settings(Map.of("HF_ENDPOINT", endpoint), home))),
        "",
        facts);
  }

  private static RemoteFile file(String path, long size) {
    return new RemoteFile(path, size, null, path.endsWith(".safetensors"));
  }

  @Test
  void theHubListingCountsWhatCachePullFetchesPlusHeadroom() {
    RepoInfo info =
        new RepoInfo(
            RepoId.of("acme/big"),
            COMMIT,
            List.of(
                file("model-00001-of-00002.safetensors", 30 * GIB),
                file("model-00002-of-00002.safetensors", 32 * GIB),
                file("model.safetensors.index.json", 100_000),
                file("config.json", 2_000),
                file("original/consolidated.00.pth", 60 * GIB), // not pulled
                file("pytorch_model.bin", 62 * GIB), // not pulled: safetensors exist
                file("README.md", 10_000)), // not pulled
            false);

    CacheSizer.Sized s = CacheSizer.fromListing(info, "main", 10, "https://hub");

    // 62 GiB + 102 kB, + 10 % = 68.2 GiB, rounded up.
    assertThat(s.size()).isEqualTo(new Quantity("69Gi"));
    assertThat(s.fromSource()).isTrue();
    assertThat(s.reason()).isEqualTo("FromHub");
    assertThat(s.message())
        .contains("https://hub", "4 file(s) of acme/big@main", "commit 0123456789ab", "62.00 GiB")
        .contains("+ 10% = 69Gi");
    assertThat(CacheSizer.fromListing(info, "main", 0, "https://hub").size())
        .isEqualTo(new Quantity("63Gi"));
  }

  @Test
  void sizesFromTheHubStandInOverHttp() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("model.safetensors", HubServer.bytes(300_000, 1));
    files.put("config.json", "{}".getBytes());
    String commit = hub.addRepo("acme/tiny", files);

    CacheSizer.Sized s = online(hub.endpoint()).size("acme/tiny", null, null, 10);

    assertThat(s.reason()).isEqualTo("FromHub");
    assertThat(s.size()).isEqualTo(new Quantity("1Gi")); // not the 100Gi default
    assertThat(s.message())
        .contains(hub.endpoint(), "2 file(s) of acme/tiny@main", commit.substring(0, 12));
    assertThat(hub.requests())
        .singleElement()
        .satisfies(r -> assertThat(r.path()).contains("/api/models/acme/tiny/revision/main"));
  }

  @Test
  void aRevisionInTheSourceIsTheOneListed() {
    hub.addCommit("acme/tiny", COMMIT, Map.of("model.safetensors", HubServer.bytes(10, 1)));
    hub.setRef("acme/tiny", "v2", COMMIT);

    CacheSizer.Sized s = online(hub.endpoint()).size("acme/tiny", "v2", null, 10);

    assertThat(s.reason()).isEqualTo("FromHub");
    assertThat(s.message()).contains("acme/tiny@v2", "commit 0123456789ab");
  }

  @Test
  void aModelTheHubDoesNotHaveFallsBackToTheCatalogAndSaysWhy() {
    CacheSizer.Sized s = online(hub.endpoint()).size("Qwen/Qwen3-32B", null, null, 10);

    assertThat(s.fromSource()).isFalse();
    assertThat(s.reason()).isEqualTo("CatalogEstimate");
    assertThat(s.message())
        .startsWith(hub.endpoint() + " could not list Qwen/Qwen3-32B@main: ")
        .contains("sized from the catalog's weights of Qwen/Qwen3-32B", "set spec.size");
    // Qwen3-32B: ~32.8 B parameters in bf16, ~61 GiB, + 10 %.
    long gib = Quantity.getAmountInBytes(s.size()).longValue() / GIB;
    assertThat(gib).isBetween(60L, 80L);
  }

  @Test
  void anUnreachableHubFallsBackToTheCatalog() throws Exception {
    String dead = hub.endpoint();
    hub.close();

    CacheSizer.Sized s = online(dead).size("Qwen/Qwen3-32B", null, null, 10);

    assertThat(s.reason()).isEqualTo("CatalogEstimate");
    assertThat(s.message()).startsWith(dead + " could not list Qwen/Qwen3-32B@main");
  }

  @Test
  void offlineWithAModelTheCatalogDoesNotKnowIsTheDefaultSize() {
    CacheSizer s = new CacheSizer(Optional.empty(), "HF_HUB_OFFLINE is set", facts);

    CacheSizer.Sized sized = s.size("acme/unknown-model", null, null, 10);

    assertThat(sized.size()).isEqualTo(new Quantity("100Gi"));
    assertThat(sized.reason()).isEqualTo("DefaultSize");
    assertThat(sized.message())
        .isEqualTo(
            "HF_HUB_OFFLINE is set; the catalog has no weight size for acme/unknown-model:"
                + " 100Gi by default; set spec.size to choose");
  }

  @Test
  void aListingWithoutSizesIsNotTrusted() {
    RepoInfo info =
        new RepoInfo(
            RepoId.of("acme/mirror"),
            COMMIT,
            List.of(file("model.safetensors", -1), file("config.json", 10)),
            false);
    assertThatThrownBy(() -> CacheSizer.fromListing(info, "main", 10, "https://mirror"))
        .hasMessageContaining("without the size of 1 file(s) (model.safetensors)");
  }

  @Test
  void theSpecSizeWinsAndTheHubIsNotAsked() {
    CacheSizer.Sized s = online(hub.endpoint()).size("acme/tiny", null, "200Gi", 10);

    assertThat(s.size()).isEqualTo(new Quantity("200Gi"));
    assertThat(s.reason()).isEqualTo("FromSpec");
    assertThat(hub.requestCount()).isZero();
    assertThatThrownBy(() -> online(hub.endpoint()).size("acme/tiny", null, "lots", 10))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
