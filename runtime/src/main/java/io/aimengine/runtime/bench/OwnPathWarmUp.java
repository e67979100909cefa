package io.aimengine.runtime.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Warms the generator's own request path (OkHttp's call chain, the SSE reader, the chunk parser)
 * before anything is measured, against a loopback responder in this process that streams two tokens
 * at once. Without it the first hundreds of requests of a fresh JVM run that path interpreted,
 * which adds about 2 ms to every time to first token (measured against a stand-in that sends on a
 * scripted schedule). A fixed few hundred requests are not enough either: they leave the path in
 * profiling code with the optimizing compiler's work still queued, and on a 2-core machine that
 * compiler then takes a core from the first measured requests (measured: +1.5 to +3 ms of TTFT on
 * the first 16 requests after 400 warm-up requests, +0.5 to +1.5 ms after 5,000). So it goes on, in
 * batches, until a whole batch ran without the JIT finishing a compilation, or {@link
 * #BUDGET_NANOS} has passed. Nothing is sent to the endpoint under test.
 */
final class OwnPathWarmUp {
  // Chunked, as streaming servers send it (vLLM's, llama.cpp's): the chunked body reader is part of
  // the path to warm.
  private static final byte[] STREAM =
      ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
              + Integer.toHexString(body().length)
              + "\r\n"
              + new String(body(), StandardCharsets.UTF_8)
              + "\r\n0\r\n\r\n")
          .getBytes(StandardCharsets.UTF_8);

  /** Requests per batch between two looks at the JIT (~0.1 s warm). */
  static final int BATCH = 200;

  /** The longest the warm-up goes on waiting for a quiet JIT. */
  static final long BUDGET_NANOS = 5_000_000_000L;

  private OwnPathWarmUp() {}

  private static byte[] body() {
    return ("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" a\"},\"text\":\" a\"}]}\n\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" b\"},\"text\":\" b\"}]}\n\n"
            + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,"
            + "\"total_tokens\":3}}\n\n"
            + "data: [DONE]\n\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Sends at least {@code n} requests of {@code bodies} through {@code sender}'s client to a
   * responder, then more until the JIT is quiet (see the class comment); returns how many
   * succeeded.
   */
  static int run(StreamingRequest sender, byte[][] bodies, int n) {
    return run(sender, bodies, n, BUDGET_NANOS);
  }

  /** {@link #run(StreamingRequest, byte[][], int)} waiting at most {@code budgetNanos}. */
  static int run(StreamingRequest sender, byte[][] bodies, int n, long budgetNanos) {
    if (n <= 0 || bodies.length == 0) {
      return 0;
    }
    int sent = 0;
    int ok = 0;
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor = Thread.ofVirtual().start(() -> accept(server));
      StreamingRequest local = sender.towards("http://127.0.0.1:" + server.getLocalPort());
      CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
      boolean watched = jit != null && jit.isCompilationTimeMonitoringSupported();
      long origin = System.nanoTime();
      long compiled = watched ? jit.getTotalCompilationTime() : 0;
      while (true) {
        for (int k = 0; k < BATCH; k++, sent++) {
          if (local.send(bodies[sent % bodies.length], origin, 1).success()) {
            ok++;
          }
        }
        if (sent < n) {
          continue;
        }
        long now = watched ? jit.getTotalCompilationTime() : compiled;
        if (now == compiled || System.nanoTime() - origin > budgetNanos) {
          break;
        }
        compiled = now;
      }
      server.close();
      acceptor.join(1000);
    } catch (IOException e) {
      // no loopback socket: measure cold rather than not at all
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ok;
  }

  private static void accept(ServerSocket server) {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread.ofVirtual().start(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void serve(Socket s) {
    try (s;
        InputStream in = new BufferedInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream()) {
      while (skipRequest(in)) {
        out.write(STREAM);
        out.flush();
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  /**
   * Reads one request (head and Content-Length body); false at the end of the connection. Also the
   * request reading of StreamingRequestTest's loopback server.
   */
  static boolean skipRequest(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int length = 0;
    int c;
    while ((c = in.read()) >= 0) {
      if (c != '\n') {
        line.append((char) c);
        continue;
      }
      String h = line.toString().trim();
      line.setLength(0);
      if (h.isEmpty()) {
        in.readNBytes(length);
        return true;
      }
      int colon = h.indexOf(':');
      if (colon > 0 && h.substring(0, colon).equalsIgnoreCase("content-length")) {
        length = Integer.parseInt(h.substring(colon + 1).trim());
      }
    }
    return false;
  }
}
