package io.aimengine.runtime.cache;

import static io.aimengine.runtime.cache.CacheFixture.MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimengine.core.AimException;
import io.aimengine.core.ExitCode;
import io.aimengine.testsupport.HubServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubClientTest {
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

  private static Consumer<AimException> exit(ExitCode code) {
    return e -> assertThat(e.exitCode()).isEqualTo(code);
  }

  private static void fails(ThrowingCallable call, ExitCode code, String... parts) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(AimException.class, exit(code))
        .hasMessageContainingAll(parts)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void gatedRepoWithoutATokenTellsTheUserToAcceptTheLicenseAndSetHfToken() {
    fx.hub.gate(MODEL, "secret-token");

    fails(
        fx::pull,
        ExitCode.FAILURE,
        MODEL + " is gated (HTTP 401)",
        "accept its license at " + fx.hub.endpoint() + "/" + MODEL,
        "set HF_TOKEN");
  }

  @Test
  void gatedRepoWithAWrongTokenSaysTheTokenLacksAccessAndNeverPrintsIt() {
    fx.hub.gate(MODEL, "secret-token");
    fx.token = Optional.of("hf_wrongTOKEN123");

    assertThatThrownBy(fx::pull)
        .isInstanceOfSatisfying(AimException.class, exit(ExitCode.FAILURE))
        .hasMessageContaining("is gated (HTTP 403)")
        .hasMessageContaining("check that HF_TOKEN is a token of that account")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hf_wrongTOKEN123"));
  }

  @Test
  void tokenGoesToTheHubButNotToTheCdnItRedirectsTo() {
    fx.hub.gate(MODEL, "secret-token");
    fx.token = Optional.of("secret-token");

    fx.pull();

    assertThat(fx.hub.requests())
        .filteredOn(q -> q.path().startsWith("/cdn/"))
        .isNotEmpty()
        .noneMatch(HubServer.Request::authorized);
    assertThat(fx.hub.requests())
        .filteredOn(q -> !q.path().startsWith("/cdn/"))
        .allMatch(HubServer.Request::authorized);
  }

  @Test
  void unknownModelIsNotFoundWithExitThree() {
    fails(
        () -> fx.cache().pull(PullRequest.of("acme/no-such-model"), PullProgress.NONE),
        ExitCode.UNEXPECTED_STATE,
        "model acme/no-such-model not found on " + fx.hub.endpoint(),
        "HF_TOKEN");
  }

  @Test
  void unknownRevisionIsNamed() {
    fails(
        () ->
            fx.cache()
                .pull(new PullRequest(RepoId.of(MODEL), "v9", null, false), PullProgress.NONE),
        ExitCode.UNEXPECTED_STATE,
        "revision 'v9' not found in " + MODEL);
  }

  @Test
  void fileThatVanishedBetweenListingAndDownloadIsNamed() {
    fx.hub.fault(
        "HEAD",
        p -> p.endsWith("model-00002-of-00002.safetensors"),
        new HubServer.Fault.Status(
            404, Map.of("X-Error-Code", "EntryNotFound", "X-Error-Message", "gone")),
        1);

    fails(
        fx::pull,
        ExitCode.UNEXPECTED_STATE,
        "file 'model-00002-of-00002.safetensors' not found in " + MODEL);
  }

  @Test
  void rateLimitIsRetriedAfterTheDelayTheHubAsksFor() {
    fx.hub.fault(
        "GET",
        p -> p.startsWith("/api/"),
        new HubServer.Fault.Status(429, Map.of("Retry-After", "3")),
        1);

    PullResult r = fx.pull();

    assertThat(r.commit()).isEqualTo(fx.commit);
    assertThat(fx.sleeps).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void persistentRateLimitFailsWithAClearMessage() {
    fx.hub.fault(
        "GET",
        p -> p.startsWith("/api/"),
        new HubServer.Fault.Status(429, Map.of("Retry-After", "1")),
        99);

    fails(
        fx::pull,
        ExitCode.FAILURE,
        "rate-limiting",
        "HTTP 429",
        "gave up after 4 attempts",
        "HF_TOKEN");
    assertThat(fx.sleeps).hasSize(3);
  }

  @Test
  void serverErrorsAreRetriedWithGrowingJitteredBackoff() {
    fx.hub.fault("GET", p -> p.startsWith("/api/"), new HubServer.Fault.Status(503, Map.of()), 3);

    fx.pull();

    // base 10 ms doubling, jittered to 50-100 %: 5-10, 10-20, 20-40 ms
    assertThat(fx.sleeps).hasSize(3);
    assertThat(fx.sleeps.get(0).toMillis()).isBetween(5L, 10L);
    assertThat(fx.sleeps.get(1).toMillis()).isBetween(10L, 20L);
    assertThat(fx.sleeps.get(2).toMillis()).isBetween(20L, 40L);
  }

  @Test
  void serverErrorOnADownloadIsRetriedWithoutLosingBytes() {
    fx.hub.fault("GET", p -> p.startsWith("/cdn/"), new HubServer.Fault.Status(500, Map.of()), 2);

    PullResult r = fx.pull();

    assertThat(fx.hub.contentBytesSent()).isEqualTo(r.fetchedBytes());
    assertThat(fx.sleeps).hasSize(2);
  }

  @Test
  void unreachableHubSaysSoAndSuggestsOffline() {
    fx.hub.close();

    fails(fx::pull, ExitCode.FAILURE, "cannot reach " + fx.hub.endpoint(), "--offline");
  }

  @Test
  void etagsAreNormalizedAsTheHubSendsThem() {
    String sha = "a".repeat(64);
    assertThat(HubClient.normalizeEtag("\"" + sha + "\"")).isEqualTo(sha);
    assertThat(HubClient.normalizeEtag("W/\"" + sha.toUpperCase() + "\"")).isEqualTo(sha);
  }

  @Test
  void resolveUrlsEncodeRevisionsAndPathSegments() {
    HubClient c = fx.client();
    assertThat(c.resolveUrl(RepoId.of(MODEL), "refs/pr/1", "sub dir/a+b.json").toString())
        .isEqualTo(fx.hub.endpoint() + "/" + MODEL + "/resolve/refs%2Fpr%2F1/sub%20dir/a%2Bb.json");
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "through a proxy: {0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void aBodyThatTricklesOneByteAtATimeIsCutAsAStall(boolean throughProxy) throws Exception {
    io.aimengine.testsupport.ForwardProxy proxy = io.aimengine.testsupport.ForwardProxy.start();
    if (throughProxy) {
      fx.proxies = DownloaderTest.proxied(proxy);
    }
    fx.attempts = 1;
    fx.hub.fault(
        "GET", p -> p.startsWith("/cdn/"), new HubServer.Fault.Trickle(Duration.ofMillis(20)), 99);

    try (proxy) {
      fails(fx::pull, ExitCode.FAILURE, "stalled", "bytes in 2 s", "at least 1024 bytes/s");
      assertThat(proxy.requests().isEmpty()).isEqualTo(!throughProxy);
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"file:///etc/passwd", "ftp://127.0.0.1/x", "http://[::1:bad/x", "jar:file:/x!/y"})
  void aRedirectToSomethingOtherThanHttpIsAFailureNamingIt(String location) {
    fx.hub.fault(
        "GET",
        p -> p.endsWith("/config.json"),
        new HubServer.Fault.Status(302, Map.of("Location", location)),
        99);

    fails(fx::pull, ExitCode.FAILURE, "config.json", "redirected", "only http and https");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"file:///etc/passwd", "ftp://127.0.0.1/x", "http://[::1:bad/x"})
  void aMetadataRedirectToSomethingOtherThanHttpIsAFailureNamingIt(String location) {
    fx.hub.fault(
        "HEAD",
        p -> p.endsWith("model-00002-of-00002.safetensors"),
        new HubServer.Fault.Status(302, Map.of("Location", location)),
        99);

    fails(fx::pull, ExitCode.FAILURE, "model-00002-of-00002.safetensors", "redirected", "to '");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"../../x", "..", "a/../b", "/main", "main/", "a//b", "a b", "x\\y", "-x", "a:b"})
  void aRevisionThatIsNoGitRefIsRefusedBeforeAnyRequest(String revision) {
    fails(
        () ->
            fx.cache()
                .pull(new PullRequest(RepoId.of(MODEL), revision, null, false), PullProgress.NONE),
        ExitCode.INVALID_INPUT,
        "--revision",
        "branch, tag or commit");
    assertThat(fx.hub.requestCount()).isZero();
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "main",
        "v1.0",
        "refs/pr/1",
        "release_2024-01",
        "0123456789abcdef0123456789abcdef01234567"
      })
  void revisionsAsTheHubSpellsThemAreAccepted(String revision) {
    assertThat(new PullRequest(RepoId.of(MODEL), revision, null, false).revision())
        .isEqualTo(revision);
  }

  @Test
  void aFileMissingDuringTheDownloadNamesNoNullRevision() {
    fx.hub.fault(
        "GET",
        p -> p.endsWith("/config.json"),
        new HubServer.Fault.Status(404, Map.of("X-Error-Code", "EntryNotFound")),
        99);

    assertThatThrownBy(fx::pull)
        .isInstanceOfSatisfying(AimException.class, exit(ExitCode.UNEXPECTED_STATE))
        .hasMessageContaining("file 'config.json' not found in " + MODEL)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("null"));
  }

  @Test
  void everyRetryIsAnnouncedWithItsCauseAndDelay() {
    fx.hub.fault("GET", p -> p.startsWith("/api/"), new HubServer.Fault.Status(503, Map.of()), 2);

    fx.pull();

    assertThat(fx.notices)
        .hasSize(2)
        .allSatisfy(
            n -> assertThat(n).contains("HTTP 503").contains("retrying in").contains(" of 4)"));
    assertThat(fx.notices.get(0)).contains("(attempt 2 of 4)");
  }

  @Test
  void aRefusedConnectionIsNotRetried() {
    fx.hub.close();

    fails(fx::pull, ExitCode.FAILURE, "cannot reach", "connection refused", "--offline");
    assertThat(fx.sleeps).isEmpty();
    assertThat(fx.notices).isEmpty();
  }

  @Test
  void anUnknownHostIsNotRetried() {
    Retry retry =
        new Retry(4, Duration.ofMillis(10), Duration.ofSeconds(5), fx.sleeps::add, fx.notices::add);
    HubClient c =
        new HubClient(
            "http://no-such-host.invalid",
            Optional.empty(),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            retry);

    assertThatThrownBy(() -> c.repoInfo(RepoId.of(MODEL), "main"))
        .isInstanceOfSatisfying(AimException.class, exit(ExitCode.FAILURE))
        .hasMessageContaining("cannot reach");
    assertThat(fx.sleeps).isEmpty();
  }

  @Test
  void proxyCredentialsFromTheProxyUrlAnswerTheProxysChallenge() throws Exception {
    try (io.aimengine.testsupport.ForwardProxy proxy =
        io.aimengine.testsupport.ForwardProxy.start()) {
      proxy.requireCredentials("alice", "s3 cret");
      fx.proxies = proxyRules("http_proxy", "http://alice:s3%20cret@127.0.0.1:" + proxy.port());

      assertThat(fx.client().repoInfo(RepoId.of(MODEL), "main").commit()).isEqualTo(fx.commit);
      assertThat(proxy.requests()).allMatch(l -> l.startsWith("GET " + fx.hub.endpoint() + "/"));
    }
  }

  @Test
  void aProxyRefusingTheCredentialsIsOneLineWithoutThePassword() throws Exception {
    try (io.aimengine.testsupport.ForwardProxy proxy =
        io.aimengine.testsupport.ForwardProxy.start()) {
      proxy.requireCredentials("alice", "right");
      fx.proxies = proxyRules("HTTP_PROXY", "http://alice:wrong@127.0.0.1:" + proxy.port());

      assertThatThrownBy(() -> fx.client().repoInfo(RepoId.of(MODEL), "main"))
          .isInstanceOfSatisfying(AimException.class, exit(ExitCode.FAILURE))
          .hasMessageContaining("HTTP 407")
          .hasMessageContaining("HTTPS_PROXY")
          .hasMessageNotContaining("wrong");
      assertThat(fx.hub.requests()).isEmpty();
      assertThat(fx.sleeps).isEmpty();
    }
  }

  @Test
  void noProxyLetsTheHubBeReachedDirectly() throws Exception {
    try (io.aimengine.testsupport.ForwardProxy proxy =
        io.aimengine.testsupport.ForwardProxy.start()) {
      fx.proxies = proxyRules("HTTP_PROXY", proxy.url(), "NO_PROXY", "localhost,127.0.0.1");

      fx.pull();

      assertThat(proxy.requests()).isEmpty();
      assertThat(fx.hub.requests()).isNotEmpty();
    }
  }

  private static io.aimengine.runtime.http.ProxyRules proxyRules(String... kv) {
    Map<String, String> env = new java.util.HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      env.put(kv[i], kv[i + 1]);
    }
    return io.aimengine.runtime.http.ProxyRules.from(
        new io.aimengine.core.config.Settings(env, java.nio.file.Path.of("/nonexistent")));
  }
}
