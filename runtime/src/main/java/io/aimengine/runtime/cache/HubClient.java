package io.aimengine.runtime.cache;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimengine.core.AimException;
import io.aimengine.core.ExitCode;
import io.aimengine.core.config.Settings;
import io.aimengine.core.model.JsonTree;
import io.aimengine.runtime.http.HttpClients;
import io.aimengine.runtime.http.ProxyRules;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Talks to a Hugging Face Hub (or a compatible mirror, {@code HF_ENDPOINT}): resolves revisions,
 * lists files, reads file metadata and fetches byte ranges ({@link RangeGet}), all over the shared
 * OkHttp client of {@link HttpClients}, through the proxies of {@link ProxyRules} ({@code
 * HTTPS_PROXY}, {@code NO_PROXY}, …). Metadata calls retry transient failures themselves; {@link
 * #fetch} makes one attempt and leaves resuming to the caller, which knows how far it got. The
 * token goes only to the endpoint's own host (never to the CDN a download redirects to) and never
 * into a message. Thread-safe.
 */
public final class HubClient {
  // jackson-core alone: an ObjectMapper would set up Jackson's data binding as this class loads,
  // which a plan that finds the facts in the model cache does without sending a request.
  private static final JsonTree JSON = new JsonTree();
  private static final int MAX_REDIRECTS = 5;
  private static final String USER_AGENT = "aim-engine; java/" + Runtime.version().feature();

  /** Receives the bytes of a range in order. Called from HTTP client threads, one at a time. */
  @FunctionalInterface
  public interface Sink {
    void write(ByteBuffer bytes) throws IOException;
  }

  private final URI endpoint;
  private final String endpointText;
  private final Optional<String> token;
  private final Retry retry;
  private final ProxyRules proxies;
  private final Duration metadataTimeout;
  private final Duration stallTimeout;
  // Built on first request: a plan whose facts the model cache has sends none, and OkHttp's set-up
  // (its TLS platform and the JDK's security providers, ~450 classes) was most of such a plan.
  private OkHttpClient http;
  private RangeGet ranges;

  /** A client through the JVM's own proxy settings ({@code -Dhttps.proxyHost}), for tests. */
  public HubClient(
      String endpoint,
      Optional<String> token,
      Duration metadataTimeout,
      Duration stallTimeout,
      Retry retry) {
    this(endpoint, token, metadataTimeout, stallTimeout, retry, ProxyRules.jvm());
  }

  /**
   * @param metadataTimeout connect timeout, and the limit of each metadata request
   * @param stallTimeout a download that receives nothing (or a trickle) this long is cut
   * @param proxies which proxy each URL goes through
   */
  public HubClient(
      String endpoint,
      Optional<String> token,
      Duration metadataTimeout,
      Duration stallTimeout,
      Retry retry,
      ProxyRules proxies) {
    this.endpointText = endpoint;
    this.endpoint = URI.create(endpoint + "/");
    this.token = Objects.requireNonNull(token);
    this.retry = retry;
    this.proxies = Objects.requireNonNull(proxies);
    this.metadataTimeout = metadataTimeout;
    this.stallTimeout = stallTimeout;
  }

  private synchronized OkHttpClient http() {
    if (http == null) {
      http = HttpClients.internet(proxies, metadataTimeout, metadataTimeout);
    }
    return http;
  }

  private synchronized RangeGet ranges() {
    if (ranges == null) {
      ranges = new RangeGet(http().newBuilder().readTimeout(stallTimeout).build(), stallTimeout);
    }
    return ranges;
  }

  /**
   * A client configured from HF_ENDPOINT, HF_TOKEN, the HF_HUB_* timeouts and the proxy variables.
   */
  public static HubClient create(Settings s) {
    return new HubClient(
        s.hfEndpoint(),
        s.hfToken(),
        s.hfEtagTimeout(),
        s.hfDownloadTimeout(),
        Retry.standard(),
        ProxyRules.from(s));
  }

  /**
   * A client for a few small metadata requests on an interactive path (plan): one attempt each, so
   * an unreachable Hub costs one connect timeout rather than a minute of retries.
   */
  public static HubClient createForMetadata(Settings s) {
    return new HubClient(
        s.hfEndpoint(),
        s.hfToken(),
        s.hfEtagTimeout(),
        s.hfDownloadTimeout(),
        new Retry(
            1, Duration.ofMillis(100), Duration.ofMillis(100), d -> Thread.sleep(d), Retry.STDERR),
        ProxyRules.from(s));
  }

  public String endpoint() {
    return endpointText;
  }

  public Retry retry() {
    return retry;
  }

  public boolean hasToken() {
    return token.isPresent();
  }

  /** Resolves a revision to its commit and lists its files with sizes and etags. */
  public RepoInfo repoInfo(RepoId repo, String revision) {
    URI uri =
        endpoint.resolve(
            "api/models/" + repo.id() + "/revision/" + encode(revision) + "?blobs=true");
    return retry.run(
        () -> {
          try (Response r = send(new Request.Builder().url(uri.toString()).get(), uri)) {
            if (r.code() != 200) {
              throw fail(r, repo, revision, null);
            }
            return parseRepoInfo(repo, revision, body(r));
          }
        });
  }

  private RepoInfo parseRepoInfo(RepoId repo, String revision, byte[] body) {
    JsonNode root;
    try {
      root = JSON.read(body);
    } catch (IOException e) {
      throw AimException.failure(
          endpointText
              + " sent invalid JSON for "
              + repo
              + "@"
              + revision
              + ": is HF_ENDPOINT a Hub?");
    }
    String commit = root.path("sha").asText("");
    if (!HubCache.isCommit(commit)) {
      throw AimException.failure(
          endpointText + " did not say which commit " + repo + "@" + revision + " is (no 'sha')");
    }
    List<RemoteFile> files = new ArrayList<>();
    for (JsonNode s : root.path("siblings")) {
      String path = HubCache.checkFilename(s.path("rfilename").asText(""));
      JsonNode lfs = s.get("lfs");
      if (lfs != null && lfs.isObject()) {
        String sha = lfs.path("sha256").asText(lfs.path("oid").asText(""));
        files.add(
            new RemoteFile(
                path,
                lfs.path("size").asLong(s.path("size").asLong(-1)),
                HubCache.isEtag(sha) ? sha : null,
                true));
      } else {
        String blobId = s.path("blobId").asText("");
        files.add(
            new RemoteFile(
                path, s.path("size").asLong(-1), HubCache.isEtag(blobId) ? blobId : null, false));
      }
    }
    JsonNode gated = root.path("gated");
    boolean isGated = gated.isTextual() || gated.asBoolean(false);
    // The model API's summary of the safetensors headers: {"parameters": {"BF16": n}, "total": n}.
    Map<String, Long> params = new LinkedHashMap<>();
    root.path("safetensors")
        .path("parameters")
        .properties()
        .forEach(
            e -> {
              if (e.getValue().canConvertToLong() && e.getValue().asLong() >= 0) {
                params.put(e.getKey(), e.getValue().asLong());
              }
            });
    return new RepoInfo(repo, commit, files, isGated, params);
  }

  /** HEAD of a file: its blob etag, real size, commit and download location. */
  public FileMeta fileMeta(RepoId repo, String commit, String file) {
    URI start = resolveUrl(repo, commit, file);
    return retry.run(
        () -> {
          URI uri = start;
          for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            Headers h;
            int st;
            try (Response r =
                send(
                    new Request.Builder()
                        .url(uri.toString())
                        .head()
                        .header("Accept-Encoding", "identity"),
                    uri)) {
              st = r.code();
              h = r.headers();
              if (st != 200 && !(st >= 300 && st < 400)) {
                throw fail(r, repo, commit, file);
              }
            }
            Optional<String> linked = Optional.ofNullable(h.get("X-Linked-Etag"));
            URI next =
                st >= 300 && st < 400
                    ? Redirect.next(
                        uri,
                        Optional.ofNullable(h.get("Location")),
                        endpointText,
                        repo + "/" + file)
                    : null;
            if (st >= 300 && st < 400 && linked.isEmpty() && sameOrigin(next)) {
              uri = next; // renamed repo: follow metadata redirects on the Hub itself
              continue;
            }
            String etag =
                normalizeEtag(linked.or(() -> Optional.ofNullable(h.get("ETag"))).orElse(""));
            if (!HubCache.isEtag(etag)) {
              throw AimException.failure(
                  endpointText
                      + " gave no usable ETag for "
                      + repo
                      + "/"
                      + file
                      + ": cannot verify it, refusing to download");
            }
            long size =
                Optional.ofNullable(h.get("X-Linked-Size"))
                    .or(() -> Optional.ofNullable(h.get("Content-Length")))
                    .map(HubClient::parseLong)
                    .orElse(-1L);
            String repoCommit = h.get("X-Repo-Commit");
            return new FileMeta(etag, size, repoCommit, st == 200 ? uri : next);
          }
          throw AimException.failure(
              endpointText + ": too many redirects for " + repo + "/" + file);
        });
  }

  /**
   * Fetches bytes {@code from..to} (inclusive) of {@code location} into {@code sink}, following
   * redirects. One attempt: on a transient failure ({@link Transient}: cut, stall, 429, 5xx) the
   * bytes already handed to the sink stay valid and the caller resumes after them.
   *
   * @return bytes written to the sink (the whole range)
   */
  public long fetch(URI location, long from, long to, RepoId repo, String file, Sink sink)
      throws IOException {
    URI uri = location;
    String what = repo + "/" + file;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Accept-Encoding", "identity");
      headers.put("User-Agent", USER_AGENT);
      if (token.isPresent() && sameOrigin(uri)) {
        headers.put("Authorization", "Bearer " + token.get());
      }
      RangeGet.Response r;
      try {
        r = ranges().get(uri, from, to, headers, sink, what);
      } catch (Transient | AimException e) {
        throw e;
      } catch (IOException e) {
        throw wrapIo(e);
      }
      int st = r.status();
      if (st >= 300 && st < 400) {
        uri =
            Redirect.next(
                uri, Optional.ofNullable(r.headers().get("Location")), endpointText, what);
        continue;
      }
      if (st == 416) {
        throw AimException.failure(
            "the server rejected range " + from + "-" + to + " of " + what + " (416)");
      }
      if (st != 200 && st != 206) {
        Exception e =
            HubErrors.of(st, r.headers(), endpointText, repo, null, file, token.isPresent());
        if (e instanceof AimException a) {
          throw a;
        }
        throw (IOException) e;
      }
      if (r.badRange() != null) {
        throw AimException.failure(
            "the server answered range "
                + from
                + "-"
                + to
                + " of "
                + what
                + " with "
                + r.badRange()
                + ": refusing mismatched bytes");
      }
      return r.received();
    }
    throw AimException.failure(endpointText + ": too many redirects for " + what);
  }

  /** The resolve URL of a file: {@code {endpoint}/{repo}/resolve/{revision}/{file}}. */
  public URI resolveUrl(RepoId repo, String revision, String file) {
    StringBuilder p = new StringBuilder(repo.id()).append("/resolve/").append(encode(revision));
    for (String seg : file.split("/")) {
      p.append('/').append(encode(seg));
    }
    return endpoint.resolve(p.toString());
  }

  /** Sends one metadata request (the token only to the endpoint's own origin). */
  private Response send(Request.Builder b, URI uri) throws IOException {
    b.header("User-Agent", USER_AGENT).header("Accept", "application/json");
    if (token.isPresent() && sameOrigin(uri)) {
      b.header("Authorization", "Bearer " + token.get());
    }
    try {
      return http().newCall(b.build()).execute();
    } catch (InterruptedIOException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new AimException(ExitCode.FAILURE, "interrupted while talking to " + endpointText);
      }
      throw wrapIo(e);
    } catch (IOException e) {
      throw wrapIo(e);
    }
  }

  private static byte[] body(Response r) throws IOException {
    return r.body().bytes();
  }

  private boolean sameOrigin(URI uri) {
    return uri != null
        && Objects.equals(uri.getScheme(), endpoint.getScheme())
        && Objects.equals(uri.getHost(), endpoint.getHost())
        && uri.getPort() == endpoint.getPort();
  }

  private Transient wrapIo(IOException e) {
    if (e instanceof Transient t) {
      return t;
    }
    Transient t = Transient.io(e);
    return new Transient(
        "cannot reach "
            + endpointText
            + ": "
            + t.getMessage()
            + "; check the network and HF_ENDPOINT, or use --offline for a cached model",
        e);
  }

  private IOException fail(Response r, RepoId repo, String revision, String file) {
    Exception e =
        HubErrors.of(r.code(), r.headers(), endpointText, repo, revision, file, token.isPresent());
    if (e instanceof AimException a) {
      throw a;
    }
    return (IOException) e;
  }

  static String normalizeEtag(String raw) {
    String e = raw.strip();
    if (e.startsWith("W/")) {
      e = e.substring(2);
    }
    if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
      e = e.substring(1, e.length() - 1);
    }
    return e.toLowerCase(Locale.ROOT);
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
