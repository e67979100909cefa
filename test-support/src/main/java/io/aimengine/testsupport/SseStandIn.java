package io.aimengine.testsupport;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An OpenAI-compatible streaming stand-in on loopback that sends tokens on a scripted schedule: the
 * first token {@code ttftMs} after the request is read, then one token every {@code itlMs}, then a
 * usage chunk ({@code prompt_tokens}: the words of the prompt; {@code completion_tokens}: the
 * tokens sent) and {@code [DONE]}. With a zero schedule it answers as fast as it can (the
 * generator-overhead benchmark). HTTP/1.1 keep-alive over plain sockets, one thread per connection;
 * {@code GET /v1/models} lists one model, {@code stand-in}; every {@code failEvery}-th request
 * (when set) gets a 503 instead.
 *
 * <p>Chat requests ({@code /v1/chat/completions}) get {@code delta.content} chunks, with a
 * role-only chunk before the first token as llama.cpp and AIM's own server send; completions get
 * {@code text} chunks.
 */
public final class SseStandIn implements AutoCloseable {
  private final ServerSocket server;
  // Platform threads: a virtual thread blocked in read is woken through the JDK poller, one more
  // scheduling hop between the request arriving and the schedule starting.
  private final ExecutorService threads =
      Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().factory());
  private final long ttftNanos;
  private final long[] itlNanos;
  private final int failEvery;
  private final AtomicInteger requests = new AtomicInteger();
  private final ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();

  private SseStandIn(double ttftMs, double[] itlMs, int failEvery) throws IOException {
    this.ttftNanos = Math.round(ttftMs * 1e6);
    this.itlNanos = new long[itlMs.length];
    for (int i = 0; i < itlMs.length; i++) {
      itlNanos[i] = Math.round(itlMs[i] * 1e6);
    }
    this.failEvery = failEvery;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
    Thread.ofPlatform().daemon().name("sse-stand-in").start(this::accept);
  }

  /**
   * A stand-in whose responses carry {@code itlMs.length + 1} tokens: the first after {@code
   * ttftMs}, each next after the matching gap.
   */
  public static SseStandIn scripted(double ttftMs, double... itlMs) throws IOException {
    return new SseStandIn(ttftMs, itlMs, 0);
  }

  /** Like {@link #scripted}, answering every {@code n}-th request with a 503. */
  public static SseStandIn failingEvery(int n, double ttftMs, double... itlMs) throws IOException {
    return new SseStandIn(ttftMs, itlMs, n);
  }

  /** A stand-in that streams {@code tokens} tokens with no delay. */
  public static SseStandIn instant(int tokens) throws IOException {
    return new SseStandIn(0, new double[Math.max(0, tokens - 1)], 0);
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /**
   * What the stand-in actually did for one streamed response, in {@link System#nanoTime()} of this
   * JVM: when the request's first byte was read, when each token left (just before the write that
   * carried it; tokens sent together share a time), and when the response's last byte left. Against
   * these, what a client measures can be checked without the stand-in's own lateness (a busy
   * machine wakes its sleeping thread late) counted as the client's error.
   */
  public record Sent(long arrivedNanos, long[] tokenNanos, long endNanos) {
    /** First token sent − request arrived. */
    public long ttftNanos() {
      return tokenNanos[0] - arrivedNanos;
    }

    /** Last token sent − request arrived. */
    public long latencyNanos() {
      return tokenNanos[tokenNanos.length - 1] - arrivedNanos;
    }
  }

  /** The streamed responses sent so far, in the order they ended. */
  public List<Sent> sent() {
    return List.copyOf(sent);
  }

  /**
   * The streamed responses sent so far, once there are at least {@code n} (at most 10 s): a client
   * can read a response's last event before the stand-in has recorded it.
   */
  public List<Sent> awaitSent(int n) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (sent.size() < n && System.nanoTime() < deadline) {
      LockSupport.parkNanos(1_000_000);
    }
    return sent();
  }

  /** Requests answered so far. */
  public int requests() {
    return requests.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        s.setTcpNoDelay(true);
        threads.execute(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s;
        InputStream in = new BufferedInputStream(s.getInputStream(), 16384);
        OutputStream out = new BufferedOutputStream(s.getOutputStream(), 16384)) {
      while (true) {
        Request r = Request.read(in);
        if (r == null) {
          return;
        }
        if (r.models) {
          byte[] body =
              "{\"object\":\"list\",\"data\":[{\"id\":\"stand-in\",\"object\":\"model\"}]}"
                  .getBytes(StandardCharsets.UTF_8);
          out.write(
              ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                      + body.length
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          out.write(body);
          out.flush();
          continue;
        }
        int n = requests.incrementAndGet();
        if (failEvery > 0 && n % failEvery == 0) {
          byte[] body = "{\"error\":{\"message\":\"overloaded\"}}".getBytes(StandardCharsets.UTF_8);
          out.write(
              ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                      + "Content-Length: "
                      + body.length
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          out.write(body);
          out.flush();
          continue;
        }
        stream(out, r);
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private void stream(OutputStream out, Request r) throws IOException {
    long t0 = r.arrivedNanos();
    out.write(
        ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    StringBuilder pending = new StringBuilder();
    if (r.chat) {
      event(pending, "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}");
    }
    long due = t0 + ttftNanos;
    int tokens = itlNanos.length + 1;
    long[] sentAt = new long[tokens];
    int unsent = 0; // tokens [unsent, i] are pending
    for (int i = 0; i < tokens; i++) {
      if (i > 0) {
        due += itlNanos[i - 1];
      }
      if (due - System.nanoTime() > 0) {
        flush(out, pending);
        sleepUntil(due);
      }
      String piece = " tok" + i;
      event(
          pending,
          r.chat
              ? "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + piece + "\"}}]}"
              : "{\"choices\":[{\"index\":0,\"text\":\"" + piece + "\"}]}");
      if (i + 1 < tokens && itlNanos[i] > 0) {
        // a token leaves at its due time; instant ones go out together
        unsent = stamp(sentAt, unsent, i, flush(out, pending));
      }
    }
    event(
        pending,
        "{\"choices\":[],\"usage\":{\"prompt_tokens\":"
            + r.promptWords
            + ",\"completion_tokens\":"
            + tokens
            + ",\"total_tokens\":"
            + (r.promptWords + tokens)
            + "}}");
    event(pending, "[DONE]");
    stamp(sentAt, unsent, tokens - 1, flush(out, pending));
    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    sent.add(new Sent(t0, sentAt, System.nanoTime()));
  }

  /** Stamps tokens {@code from..to} as sent at {@code at}; returns the next unsent token. */
  private static int stamp(long[] sentAt, int from, int to, long at) {
    for (int k = from; k <= to; k++) {
      sentAt[k] = at;
    }
    return to + 1;
  }

  private static void event(StringBuilder b, String data) {
    if (!data.isEmpty()) {
      b.append("data: ").append(data).append("\n\n");
    }
  }

  /**
   * Writes what is pending as one HTTP chunk; returns the time just before the write (a thread
   * descheduled between that moment and the write makes the client look late, never early).
   */
  private static long flush(OutputStream out, StringBuilder pending) throws IOException {
    if (pending.isEmpty()) {
      return System.nanoTime();
    }
    byte[] bytes = pending.toString().getBytes(StandardCharsets.UTF_8);
    pending.setLength(0);
    long at = System.nanoTime();
    out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return at;
  }

  private static void sleepUntil(long due) {
    long left;
    while ((left = due - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    threads.shutdownNow();
  }

  /** The parts of a request the stand-in needs. */
  private record Request(boolean chat, int promptWords, boolean models, long arrivedNanos) {
    static Request read(InputStream in) throws IOException {
      // The schedule runs from the request's first byte, so the stand-in's own parsing is inside
      // the scripted time to first token instead of added to what the client measures.
      int first = in.read();
      if (first < 0) {
        return null;
      }
      long arrived = System.nanoTime();
      String rest = line(in);
      String line = first == '\n' ? "" : (char) first + (rest == null ? "" : rest);
      if (line == null || line.isEmpty()) {
        return null;
      }
      boolean chat = line.contains("/chat/completions");
      int length = 0;
      String h;
      while ((h = line(in)) != null && !h.isEmpty()) {
        int colon = h.indexOf(':');
        if (colon > 0 && h.substring(0, colon).equalsIgnoreCase("content-length")) {
          length = Integer.parseInt(h.substring(colon + 1).trim());
        }
      }
      byte[] body = in.readNBytes(length);
      int words = words(body, chat ? CONTENT : PROMPT);
      return new Request(
          chat, words, line.startsWith("GET ") && line.contains("/v1/models"), arrived);
    }

    private static final byte[] CONTENT = "\"content\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PROMPT = "\"prompt\":\"".getBytes(StandardCharsets.US_ASCII);

    /**
     * The whitespace-separated words of the string value after the first {@code key} in {@code
     * body} (0 without one), counted on the bytes: the overhead benchmark's stand-in must cost
     * little per request, and splitting a long prompt into strings was a third of its allocation.
     */
    static int words(byte[] body, byte[] key) {
      int at = indexOf(body, key);
      if (at < 0) {
        return 0;
      }
      int words = 0;
      boolean inWord = false;
      for (int i = at + key.length; i < body.length && body[i] != '"'; i++) {
        boolean space = body[i] == ' ' || (body[i] >= '\t' && body[i] <= '\r');
        if (!space && !inWord) {
          words++;
        }
        inWord = !space;
      }
      return words;
    }

    private static int indexOf(byte[] b, byte[] key) {
      outer:
      for (int i = 0; i + key.length <= b.length; i++) {
        for (int k = 0; k < key.length; k++) {
          if (b[i + k] != key[k]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }

    private static String line(InputStream in) throws IOException {
      StringBuilder b = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0) {
        if (c == '\n') {
          int n = b.length();
          return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
        }
        b.append((char) c);
      }
      return b.isEmpty() ? null : b.toString();
    }
  }
}
