package io.aimengine.testsupport;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A Hugging Face Hub stand-in on loopback, for tests and the cache benchmark: serves generated
 * repos the way the Hub does — {@code /api/models/{repo}/revision/{rev}?blobs=true}, {@code HEAD
 * /{repo}/resolve/{rev}/{file}} (200 + git-sha1 ETag for regular files; 302 to a CDN path with
 * {@code X-Linked-Etag}/{@code X-Linked-Size} for LFS files), byte ranges (206), {@code
 * X-Repo-Commit}, {@code X-Error-Code} — and scripted faults: cut after N bytes, corrupted bytes,
 * any status with headers. The CDN is addressed as {@code localhost} while the API is {@code
 * 127.0.0.1}, so a client that leaks its token across hosts is caught. Counts every request.
 */
public final class HubServer implements AutoCloseable {
  /** One file of a repo: content in memory or on disk. */
  public record Blob(String path, long size, String etag, boolean lfs, byte[] data, Path file) {
    InputStream open(long from) throws IOException {
      if (data != null) {
        return new java.io.ByteArrayInputStream(data, (int) from, (int) (size - from));
      }
      InputStream in = Files.newInputStream(file);
      in.skipNBytes(from);
      return in;
    }
  }

  /** A recorded request. */
  public record Request(String method, String path, String range, boolean authorized, long nanos) {}

  /** A scripted misbehaviour for requests matching a predicate; used {@code times} times. */
  public sealed interface Fault {
    /** Sends headers for the whole response, then {@code bytes} of the body, then hangs up. */
    record CutAfter(long bytes) implements Fault {}

    /** Serves the right length with one byte flipped. */
    record Corrupt() implements Fault {}

    /** Answers with a status and headers, no body. */
    record Status(int code, Map<String, String> headers) implements Fault {}

    /** Sends the body one byte at a time, pausing {@code perByte} after each: a trickle. */
    record Trickle(java.time.Duration perByte) implements Fault {}
  }

  private record Armed(String method, Predicate<String> path, Fault fault, AtomicInteger left) {}

  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final Map<String, Map<String, Blob>> repos = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> revisions = new ConcurrentHashMap<>();
  private final Map<String, String> gated = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Long>> summaries = new ConcurrentHashMap<>();
  private final List<Armed> faults = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Request> log = new ConcurrentLinkedQueue<>();
  private final AtomicLong bodyBytes = new AtomicLong();
  private final Map<String, Blob> cdn = new ConcurrentHashMap<>();
  private volatile long pauseNanos;
  private volatile long latencyNanos;

  private HubServer(HttpServer server) {
    this.server = server;
  }

  public static HubServer start() throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    HubServer hub = new HubServer(s);
    s.createContext("/", hub::handle);
    s.setExecutor(hub.pool);
    s.start();
    return hub;
  }

  /** The endpoint to use as HF_ENDPOINT. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Adds a repo with one commit that "main" names; files ending in .safetensors are LFS. */
  public String addRepo(String id, Map<String, byte[]> files) {
    String commit = sha1Hex((id + files.keySet()).getBytes(StandardCharsets.UTF_8));
    addCommit(id, commit, files);
    setRef(id, "main", commit);
    return commit;
  }

  /** Adds a commit of a repo with in-memory files. */
  public void addCommit(String id, String commit, Map<String, byte[]> files) {
    Map<String, Blob> m = new LinkedHashMap<>();
    files.forEach((path, data) -> m.put(path, blobOf(path, data)));
    repos.put(id + "@" + commit, m);
  }

  /** Adds a repo whose files live on disk (the benchmark's gigabytes); all of them LFS. */
  public String addRepoFromFiles(String id, Map<String, Path> files) throws IOException {
    Map<String, Blob> m = new LinkedHashMap<>();
    for (var e : files.entrySet()) {
      MessageDigest md = sha256();
      try (InputStream in = Files.newInputStream(e.getValue())) {
        byte[] buf = new byte[1 << 20];
        int n;
        while ((n = in.read(buf)) > 0) {
          md.update(buf, 0, n);
        }
      }
      String etag = HexFormat.of().formatHex(md.digest());
      m.put(
          e.getKey(),
          new Blob(e.getKey(), Files.size(e.getValue()), etag, true, null, e.getValue()));
    }
    String commit = sha1Hex((id + files.keySet()).getBytes(StandardCharsets.UTF_8));
    repos.put(id + "@" + commit, m);
    setRef(id, "main", commit);
    return commit;
  }

  /**
   * Lists an LFS file of {@code size} bytes in the repo's main commit without holding its content
   * (a 16 GB GGUF quantization a test must never download): serving it fails the request.
   */
  public void addListedOnly(String id, String path, long size) {
    String commit = revisions.get(id).get("main");
    String etag =
        HexFormat.of().formatHex(sha256().digest((path + size).getBytes(StandardCharsets.UTF_8)));
    repos.get(id + "@" + commit).put(path, new Blob(path, size, etag, true, null, null));
  }

  public void setRef(String id, String revision, String commit) {
    revisions.computeIfAbsent(id, k -> new ConcurrentHashMap<>()).put(revision, commit);
  }

  /**
   * Makes the model API send {@code "safetensors": {"parameters": {...}, "total": n}} for a repo,
   * as the Hub does from the safetensors headers of its weights; without this call none is sent (a
   * mirror, or an older Hub).
   */
  public void safetensorsSummary(String id, Map<String, Long> parametersPerDtype) {
    summaries.put(id, new LinkedHashMap<>(parametersPerDtype));
  }

  /** Makes a repo require {@code Authorization: Bearer token}. */
  public void gate(String id, String token) {
    gated.put(id, token);
  }

  /** The blob the Hub serves for a file of a commit. */
  public Blob blob(String id, String commit, String path) {
    return repos.get(id + "@" + commit).get(path);
  }

  /**
   * Waits this long before answering each request: a network round trip, so a benchmark shows how
   * many of them a client makes one after another.
   */
  public void latency(java.time.Duration perRequest) {
    latencyNanos = perRequest.toNanos();
  }

  /** Pauses after every 256 KiB of content sent, so concurrent clients overlap. */
  public void slowDown(java.time.Duration perChunk) {
    pauseNanos = perChunk.toNanos();
  }

  /** Scripts a fault for the next {@code times} requests of {@code method} whose path matches. */
  public void fault(String method, Predicate<String> path, Fault fault, int times) {
    faults.add(new Armed(method, path, fault, new AtomicInteger(times)));
  }

  public List<Request> requests() {
    return List.copyOf(log);
  }

  public int requestCount() {
    return log.size();
  }

  /** Body bytes sent for file content (resolve and CDN), over all requests. */
  public long contentBytesSent() {
    return bodyBytes.get();
  }

  public void resetCounters() {
    log.clear();
    bodyBytes.set(0);
  }

  /** Deterministic pseudo-random content. */
  public static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  /** Writes {@code size} deterministic pseudo-random bytes to {@code file}. */
  public static void writeFile(Path file, long size, long seed) throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] buf = new byte[1 << 20];
    try (FileChannel ch =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      for (long done = 0; done < size; ) {
        int n = (int) Math.min(buf.length, size - done);
        r.nextBytes(buf);
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
        while (bb.hasRemaining()) {
          ch.write(bb);
        }
        done += n;
      }
    }
  }

  private static Blob blobOf(String path, byte[] data) {
    boolean lfs = path.endsWith(".safetensors") || path.endsWith(".bin") || path.endsWith(".gguf");
    String etag = lfs ? HexFormat.of().formatHex(sha256().digest(data)) : gitBlobSha1(data);
    return new Blob(path, data.length, etag, lfs, data, null);
  }

  /** The git blob sha1 of {@code data}: the Hub's ETag for a regular (non-LFS) file. */
  public static String gitBlobSha1(byte[] data) {
    byte[] head = ("blob " + data.length + "\0").getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[head.length + data.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(data, 0, all, head.length, data.length);
    return sha1Hex(all);
  }

  private void handle(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    String rawPath = ex.getRequestURI().getRawPath();
    String path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
    String range = ex.getRequestHeaders().getFirst("Range");
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    log.add(new Request(method, path, range, auth != null, System.nanoTime()));
    try (ex) {
      if (latencyNanos > 0) {
        try {
          Thread.sleep(java.time.Duration.ofNanos(latencyNanos));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      Fault f = nextFault(method, path);
      if (f instanceof Fault.Status s) {
        s.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.sendResponseHeaders(s.code(), -1);
        return;
      }
      if (path.startsWith("/api/models/")) {
        api(ex, path.substring("/api/models/".length()), auth);
      } else if (path.startsWith("/cdn/")) {
        Blob b = cdn.get(path.substring("/cdn/".length()));
        if (b == null) {
          ex.sendResponseHeaders(404, -1);
          return;
        }
        content(ex, b, range, f, null);
      } else if (path.contains("/resolve/")) {
        resolve(ex, path, range, auth, f);
      } else {
        ex.sendResponseHeaders(404, -1);
      }
    } catch (IOException e) {
      // client went away or a cut fault: nothing to answer
    }
  }

  private Fault nextFault(String method, String path) {
    for (Armed a : faults) {
      if (a.method().equals(method) && a.path().test(path) && a.left().getAndDecrement() > 0) {
        return a.fault();
      }
    }
    return null;
  }

  private boolean denied(HttpExchange ex, String id, String auth) throws IOException {
    String token = gated.get(id);
    if (token == null) {
      return false;
    }
    if (auth == null) {
      error(ex, 401, "GatedRepo", "Access to model " + id + " is restricted.");
      return true;
    }
    if (!auth.equals("Bearer " + token)) {
      error(
          ex,
          403,
          "GatedRepo",
          "Access to model " + id + " is restricted and you are not in the authorized list.");
      return true;
    }
    return false;
  }

  private void api(HttpExchange ex, String rest, String auth) throws IOException {
    int at = rest.indexOf("/revision/");
    String id = at < 0 ? rest : rest.substring(0, at);
    String rev = at < 0 ? "main" : rest.substring(at + "/revision/".length());
    if (!revisions.containsKey(id)) {
      error(ex, 401, "RepoNotFound", "Repository Not Found for url");
      return;
    }
    if (denied(ex, id, auth)) {
      return;
    }
    String commit = commitOf(id, rev);
    if (commit == null) {
      error(ex, 404, "RevisionNotFound", "Invalid rev id: " + rev);
      return;
    }
    StringBuilder sb = new StringBuilder();
    sb.append("{\"id\":\"").append(id).append("\",\"sha\":\"").append(commit).append("\",");
    sb.append("\"gated\":")
        .append(gated.containsKey(id) ? "\"manual\"" : "false")
        .append(",\"siblings\":[");
    boolean first = true;
    for (Blob b : repos.get(id + "@" + commit).values()) {
      sb.append(first ? "" : ",");
      first = false;
      sb.append("{\"rfilename\":\"").append(b.path()).append("\",\"size\":").append(b.size());
      if (b.lfs()) {
        sb.append(",\"blobId\":\"").append(sha1Hex(b.etag().getBytes(StandardCharsets.US_ASCII)));
        sb.append("\",\"lfs\":{\"sha256\":\"")
            .append(b.etag())
            .append("\",\"size\":")
            .append(b.size());
        sb.append(",\"pointerSize\":134}}");
      } else {
        sb.append(",\"blobId\":\"").append(b.etag()).append("\"}");
      }
    }
    sb.append("]");
    Map<String, Long> summary = summaries.get(id);
    if (summary != null) {
      sb.append(",\"safetensors\":{\"parameters\":{");
      boolean firstDtype = true;
      for (var e : summary.entrySet()) {
        sb.append(firstDtype ? "" : ",").append('"').append(e.getKey()).append("\":");
        sb.append(e.getValue());
        firstDtype = false;
      }
      sb.append("},\"total\":")
          .append(summary.values().stream().mapToLong(Long::longValue).sum())
          .append('}');
    }
    sb.append("}");
    byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(200, body.length);
    ex.getResponseBody().write(body);
  }

  private String commitOf(String id, String rev) {
    Map<String, String> refs = revisions.get(id);
    if (refs.containsKey(rev)) {
      return refs.get(rev);
    }
    return refs.containsValue(rev) ? rev : null;
  }

  private void resolve(HttpExchange ex, String path, String range, String auth, Fault f)
      throws IOException {
    int r = path.indexOf("/resolve/");
    String id = path.substring(1, r);
    String rest = path.substring(r + "/resolve/".length());
    int slash = rest.indexOf('/');
    String rev = rest.substring(0, slash);
    String file = rest.substring(slash + 1);
    if (!revisions.containsKey(id)) {
      error(ex, 401, "RepoNotFound", "Repository Not Found");
      return;
    }
    if (denied(ex, id, auth)) {
      return;
    }
    String commit = commitOf(id, rev);
    if (commit == null) {
      error(ex, 404, "RevisionNotFound", "Invalid rev id: " + rev);
      return;
    }
    Blob b = repos.get(id + "@" + commit).get(file);
    if (b == null) {
      ex.getResponseHeaders().add("X-Repo-Commit", commit);
      error(ex, 404, "EntryNotFound", file + " does not exist");
      return;
    }
    Headers h = ex.getResponseHeaders();
    h.add("X-Repo-Commit", commit);
    if (b.lfs()) {
      cdn.put(b.etag(), b);
      h.add("X-Linked-Etag", "\"" + b.etag() + "\"");
      h.add("X-Linked-Size", String.valueOf(b.size()));
      h.add("ETag", "\"" + sha1Hex(b.etag().getBytes(StandardCharsets.US_ASCII)) + "\"");
      h.add("Location", "http://localhost:" + server.getAddress().getPort() + "/cdn/" + b.etag());
      ex.sendResponseHeaders(302, -1);
      return;
    }
    h.add("ETag", "\"" + b.etag() + "\"");
    if (ex.getRequestMethod().equals("HEAD")) {
      h.add("Content-Length", String.valueOf(b.size()));
      ex.sendResponseHeaders(200, -1);
      return;
    }
    content(ex, b, range, f, commit);
  }

  private void content(HttpExchange ex, Blob b, String range, Fault f, String commit)
      throws IOException {
    long from = 0;
    long to = b.size() - 1;
    int status = 200;
    if (range != null && range.startsWith("bytes=")) {
      String[] p = range.substring(6).split("-", 2);
      from = Long.parseLong(p[0]);
      if (p.length > 1 && !p[1].isEmpty()) {
        to = Math.min(to, Long.parseLong(p[1]));
      }
      if (from >= b.size() || from > to) {
        ex.getResponseHeaders().add("Content-Range", "bytes */" + b.size());
        ex.sendResponseHeaders(416, -1);
        return;
      }
      status = 206;
      ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + to + "/" + b.size());
    }
    ex.getResponseHeaders().add("Accept-Ranges", "bytes");
    long len = to - from + 1;
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.getResponseHeaders().add("Content-Length", String.valueOf(len));
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, len);
    long limit = f instanceof Fault.CutAfter c ? Math.min(c.bytes(), len) : len;
    OutputStream out = ex.getResponseBody();
    byte[] buf = new byte[256 << 10];
    long sent = 0;
    try (InputStream in = b.open(from)) {
      while (sent < limit) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, limit - sent));
        if (n < 0) {
          break;
        }
        if (f instanceof Fault.Corrupt && sent == 0 && n > 0) {
          buf[0] ^= 0x5a;
        }
        if (f instanceof Fault.Trickle t) {
          for (int i = 0; i < n; i++) {
            out.write(buf[i]);
            out.flush();
            java.util.concurrent.locks.LockSupport.parkNanos(t.perByte().toNanos());
          }
        } else {
          out.write(buf, 0, n);
        }
        sent += n;
        bodyBytes.addAndGet(n);
        if (pauseNanos > 0) {
          java.util.concurrent.locks.LockSupport.parkNanos(pauseNanos);
        }
      }
    }
    out.flush();
    if (f instanceof Fault.CutAfter) {
      throw new IOException("scripted cut"); // closes the connection mid-body
    }
  }

  private static void error(HttpExchange ex, int status, String code, String message)
      throws IOException {
    ex.getResponseHeaders().add("X-Error-Code", code);
    ex.getResponseHeaders().add("X-Error-Message", message);
    byte[] body = ("{\"error\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, body.length);
    ex.getResponseBody().write(body);
  }

  /** Hex sha1 of {@code data}. */
  public static String sha1Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
