package io.aimengine.runtime.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimengine.core.AimException;
import io.aimengine.core.ExitCode;
import io.aimengine.core.config.Settings;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

/**
 * Talks to a Hugging Face Hub (or a compatible mirror, {@code HF_ENDPOINT}): resolves revisions,
 * lists files and reads file metadata over {@code java.net.http}, and fetches byte ranges over
 * plain sockets ({@link SocketRangeGet}) or, through proxies, {@code java.net.http} ({@link
 * JdkRangeGet}). Metadata calls retry transient failures themselves; {@link #fetch} makes one
 * attempt and leaves resuming to the caller, which knows how far it got. The token goes only to the
 * endpoint's own host (never to the CDN a download redirects to) and never into a message.
 * Thread-safe.
 */
public final class HubClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_REDIRECTS = 5;
  private static final String USER_AGENT = "aim-engine; java/" + Runtime.version().feature();

  static {
    // Socket reads of 256 KiB instead of the client's 16 KiB default: a multi-gigabyte download
    // then costs 16 times fewer system calls and buffer hand-offs. Must be set before the JDK's
    // HTTP client initialises; a value the user set wins.
    if (System.getProperty("jdk.httpclient.bufsize") == null) {
      System.setProperty("jdk.httpclient.bufsize", String.valueOf(256 << 10));
    }
  }

  /** Receives the bytes of a range in order. Called from HTTP client threads, one at a time. */
  @FunctionalInterface
  public interface Sink {
    void write(ByteBuffer bytes) throws IOException;
  }

  private final URI endpoint;
  private final String endpointText;
  private final Optional<String> token;
  private final Duration metadataTimeout;
  private final Retry retry;
  private final HttpClient http;
  private final boolean directSockets;
  private final JdkRangeGet jdk;
  private final SocketRangeGet sockets;

  public HubClient(
      String endpoint,
      Optional<String> token,
      Duration metadataTimeout,
      Duration stallTimeout,
      Retry retry) {
    this(endpoint, token, metadataTimeout, stallTimeout, retry, true);
  }

  /**
   * @param directSockets fetch byte ranges over plain sockets where no proxy applies ({@link
   *     SocketRangeGet}); false sends everything through {@code java.net.http}
   */
  HubClient(
      String endpoint,
      Optional<String> token,
      Duration metadataTimeout,
      Duration stallTimeout,
      Retry retry,
      boolean directSockets) {
    this.endpointText = endpoint;
    this.endpoint = URI.create(endpoint + "/");
    this.token = Objects.requireNonNull(token);
    this.metadataTimeout = metadataTimeout;
    this.retry = retry;
    // HTTP/1.1: parallel ranges then use parallel connections, as CDNs expect.
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(metadataTimeout)
            .build();
    this.directSockets = directSockets;
    this.jdk = new JdkRangeGet(http, stallTimeout);
    this.sockets = new SocketRangeGet(metadataTimeout, stallTimeout);
  }

  /** A client configured from HF_ENDPOINT, HF_TOKEN and the HF_HUB_* timeouts. */
  public static HubClient create(Settings s) {
    return new HubClient(
        s.hfEndpoint(), s.hfToken(), s.hfEtagTimeout(), s.hfDownloadTimeout(), Retry.standard());
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
            1, Duration.ofMillis(100), Duration.ofMillis(100), d -> Thread.sleep(d), Retry.STDERR));
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
          HttpResponse<byte[]> r = send(get(uri).timeout(metadataTimeout), ofBytes());
          if (r.statusCode() != 200) {
            throw fail(r, repo, revision, null);
          }
          return parseRepoInfo(repo, revision, r.body());
        });
  }

  private RepoInfo parseRepoInfo(RepoId repo, String revision, byte[] body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
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
            HttpResponse<Void> r =
                send(
                    HttpRequest.newBuilder(uri)
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .header("Accept-Encoding", "identity")
                        .timeout(metadataTimeout),
                    HttpResponse.BodyHandlers.discarding());
            int st = r.statusCode();
            Optional<String> linked = r.headers().firstValue("X-Linked-Etag");
            URI next =
                st >= 300 && st < 400
                    ? Redirect.next(
                        uri, r.headers().firstValue("Location"), endpointText, repo + "/" + file)
                    : null;
            if (st >= 300 && st < 400 && linked.isEmpty() && sameOrigin(next)) {
              uri = next; // renamed repo: follow metadata redirects on the Hub itself
              continue;
            }
            if (st != 200 && !(st >= 300 && st < 400)) {
              throw fail(r, repo, commit, file);
            }
            String etag = normalizeEtag(linked.or(() -> r.headers().firstValue("ETag")).orElse(""));
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
                r.headers()
                    .firstValue("X-Linked-Size")
                    .or(() -> r.headers().firstValue("Content-Length"))
                    .map(HubClient::parseLong)
                    .orElse(-1L);
            String repoCommit = r.headers().firstValue("X-Repo-Commit").orElse(null);
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
      if (directSockets && SocketRangeGet.usable(uri)) {
        try {
          r = sockets.get(uri, from, to, headers, sink, what);
        } catch (SocketRangeGet.Unsupported e) {
          r = jdk.get(uri, from, to, headers, sink, what); // nothing reached the sink yet
        }
      } else {
        r = jdk.get(uri, from, to, headers, sink, what);
      }
      int st = r.status();
      if (st >= 300 && st < 400) {
        uri = Redirect.next(uri, r.headers().firstValue("Location"), endpointText, what);
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

  private HttpRequest.Builder get(URI uri) {
    return HttpRequest.newBuilder(uri).GET().header("Accept", "application/json");
  }

  private <T> HttpResponse<T> send(HttpRequest.Builder b, HttpResponse.BodyHandler<T> h)
      throws IOException {
    HttpRequest req = b.build();
    HttpRequest.Builder withAuth =
        authorize(HttpRequest.newBuilder(req, (n, v) -> true), req.uri());
    try {
      return http.send(withAuth.build(), h);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AimException(ExitCode.FAILURE, "interrupted while talking to " + endpointText);
    } catch (IOException e) {
      throw wrapIo(e);
    }
  }

  private HttpRequest.Builder authorize(HttpRequest.Builder b, URI uri) {
    b.setHeader("User-Agent", USER_AGENT);
    if (token.isPresent() && sameOrigin(uri)) {
      b.setHeader("Authorization", "Bearer " + token.get());
    }
    return b;
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

  private IOException fail(HttpResponse<?> r, RepoId repo, String revision, String file) {
    Exception e =
        HubErrors.of(
            r.statusCode(), r.headers(), endpointText, repo, revision, file, token.isPresent());
    if (e instanceof AimException a) {
      throw a;
    }
    return (IOException) e;
  }

  private static HttpResponse.BodyHandler<byte[]> ofBytes() {
    return HttpResponse.BodyHandlers.ofByteArray();
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
