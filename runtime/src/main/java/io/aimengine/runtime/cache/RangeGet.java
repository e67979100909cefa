package io.aimengine.runtime.cache;

import io.aimengine.core.AimException;
import io.aimengine.core.ExitCode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okio.BufferedSource;

/**
 * One attempt at {@code GET}ting a byte range into a {@link HubClient.Sink}, over OkHttp. Redirects
 * and error statuses come back as they are, for {@link HubClient} to follow or map; the bytes of a
 * 200/206 go to the sink in 256 KiB pieces, at most the range's length (a 200 to a range starting
 * past 0 has its leading bytes skipped). A broken transfer, one that stalls (no byte for the stall
 * timeout: the client's read timeout) or trickles slower than {@link Pace} allows throws {@link
 * Transient} after the bytes received so far reached the sink, so the caller resumes after them. An
 * interrupted thread (a signal, a failed sibling range) ends the transfer with "download
 * interrupted". Thread-safe.
 */
final class RangeGet {
  private static final int PIECE = 256 << 10;

  /**
   * What the server answered.
   *
   * @param status HTTP status
   * @param headers response headers
   * @param received body bytes handed to the sink
   * @param badRange a 206 whose Content-Range does not start at the asked offset (its bytes were
   *     not used), else null
   */
  record Response(int status, Headers headers, long received, String badRange) {}

  private final OkHttpClient http;
  private final Duration stallTimeout;

  /**
   * @param http a client whose read timeout is {@code stallTimeout}
   */
  RangeGet(OkHttpClient http, Duration stallTimeout) {
    this.http = http;
    this.stallTimeout = stallTimeout;
  }

  /**
   * @param headers request headers to send (Range is added here)
   * @param what "org/name/file", for messages
   */
  Response get(
      URI uri, long from, long to, Map<String, String> headers, HubClient.Sink sink, String what)
      throws IOException {
    Request.Builder b = new Request.Builder().url(uri.toString()).get();
    headers.forEach(b::header);
    b.header("Range", "bytes=" + from + "-" + to);
    try (okhttp3.Response r = http.newCall(b.build()).execute()) {
      int st = r.code();
      if (st == 206) {
        String cr = r.header("Content-Range", "");
        if (!cr.startsWith("bytes " + from + "-")) {
          return new Response(
              st, r.headers(), 0, cr.isEmpty() ? "no Content-Range" : "'" + cr + "'");
        }
      } else if (st != 200) {
        return new Response(st, r.headers(), 0, null);
      }
      long got = body(r.body().source(), st == 200 ? from : 0, to - from + 1, sink, what);
      return new Response(st, r.headers(), got, null);
    } catch (SocketTimeoutException e) {
      throw stalled(what, "no answer");
    } catch (InterruptedIOException e) {
      if (timedOut(e)) {
        throw stalled(what, "no answer");
      }
      throw interrupted(e);
    }
  }

  /** Streams {@code want} bytes after skipping {@code skip}; returns {@code want}. */
  private long body(BufferedSource src, long skip, long want, HubClient.Sink sink, String what)
      throws IOException {
    byte[] buf = new byte[PIECE];
    int fill = 0;
    long given = 0;
    Pace pace = new Pace(stallTimeout, System.nanoTime());
    try {
      while (given < want) {
        int n = src.read(buf, fill, buf.length - fill);
        if (n < 0) {
          given += hand(sink, buf, fill, want - given);
          throw new Transient(
              "download of "
                  + what
                  + " broke off: connection closed after "
                  + given
                  + " of "
                  + want
                  + " bytes",
              (Duration) null);
        }
        pace.add(n);
        fill += n;
        if (skip > 0) {
          int drop = (int) Math.min(skip, fill);
          System.arraycopy(buf, drop, buf, 0, fill - drop);
          fill -= drop;
          skip -= drop;
        }
        if (fill == buf.length || given + fill >= want) {
          given += hand(sink, buf, fill, want - given);
          fill = 0;
        }
        long now = System.nanoTime();
        if (given < want && pace.slow(now)) {
          hand(sink, buf, fill, want - given);
          throw pace.stalled(what, now);
        }
      }
      return given;
    } catch (SocketTimeoutException e) {
      hand(sink, buf, fill, want - given);
      throw stalled(what, "no data");
    } catch (InterruptedIOException e) {
      hand(sink, buf, fill, want - given);
      if (timedOut(e)) {
        throw stalled(what, "no data");
      }
      throw interrupted(e);
    } catch (Transient t) {
      throw t;
    } catch (IOException e) {
      hand(sink, buf, fill, want - given);
      if (Thread.currentThread().isInterrupted()) {
        throw new AimException(ExitCode.FAILURE, "download interrupted");
      }
      throw new Transient("download of " + what + " broke off: " + Transient.io(e).getMessage(), e);
    }
  }

  /** Hands the first {@code min(fill, room)} buffered bytes to the sink; returns how many. */
  private static int hand(HubClient.Sink sink, byte[] buf, int fill, long room) throws IOException {
    int k = (int) Math.min(fill, room);
    if (k > 0) {
      sink.write(ByteBuffer.wrap(buf, 0, k));
    }
    return k;
  }

  private Transient stalled(String what, String nothing) {
    return new Transient(
        "download of " + what + " stalled: " + nothing + " for " + stallTimeout.toSeconds() + " s",
        (Duration) null);
  }

  /** An OkHttp/Okio timeout ("timeout"), as opposed to the thread's interrupt ("interrupted"). */
  private static boolean timedOut(InterruptedIOException e) {
    return !Thread.currentThread().isInterrupted() && "timeout".equals(e.getMessage());
  }

  /** A read ended by the thread's interrupt (not a timeout): the caller stops, no retry. */
  private static AimException interrupted(InterruptedIOException e) {
    Thread.currentThread().interrupt();
    return new AimException(ExitCode.FAILURE, "download interrupted", e);
  }
}
