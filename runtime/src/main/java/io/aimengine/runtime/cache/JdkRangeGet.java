package io.aimengine.runtime.cache;

import io.aimengine.core.AimException;
import io.aimengine.core.ExitCode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Range GETs through {@code java.net.http}: the path used through proxies, and whenever the socket
 * path cannot handle a response. A transfer slower than {@link Pace} allows (no byte, or a trickle,
 * for the stall timeout) is cut and reported as {@link Transient}. Thread-safe.
 */
final class JdkRangeGet implements RangeGet {
  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "aim-hub-stall-watchdog");
            t.setDaemon(true);
            return t;
          });

  private final HttpClient http;
  private final Duration stallTimeout;

  JdkRangeGet(HttpClient http, Duration stallTimeout) {
    this.http = http;
    this.stallTimeout = stallTimeout;
  }

  @Override
  public Response get(
      URI uri, long from, long to, Map<String, String> headers, HubClient.Sink sink, String what)
      throws IOException {
    RangeSubscriber body =
        new RangeSubscriber(sink, from, to, new Pace(stallTimeout, System.nanoTime()));
    HttpRequest.Builder req = HttpRequest.newBuilder(uri).GET();
    headers.forEach(req::setHeader);
    req.setHeader("Range", "bytes=" + from + "-" + to);
    HttpResponse<Void> r;
    try {
      r = sendWatched(req.build(), body, what);
    } finally {
      body.close();
    }
    return new Response(r.statusCode(), r.headers(), body.received, body.badRange);
  }

  /**
   * Sends on the calling thread (synchronous {@code send}: its completion does not hop through the
   * common fork-join pool as {@code sendAsync} does, so callers running there cannot starve it) and
   * interrupts the send when no byte arrived for the stall timeout.
   */
  private HttpResponse<Void> sendWatched(HttpRequest req, RangeSubscriber body, String what)
      throws IOException {
    Thread caller = Thread.currentThread();
    AtomicBoolean stalled = new AtomicBoolean();
    java.util.concurrent.atomic.AtomicLong stalledAt = new java.util.concurrent.atomic.AtomicLong();
    Pace pace = body.pace;
    long period = Math.max(50, Math.min(1000, stallTimeout.toMillis() / 4));
    ScheduledFuture<?> watchdog =
        WATCHDOG.scheduleAtFixedRate(
            () -> {
              long now = System.nanoTime();
              if (pace.slow(now) && stalled.compareAndSet(false, true)) {
                stalledAt.set(now);
                caller.interrupt();
              }
            },
            period,
            period,
            TimeUnit.MILLISECONDS);
    try {
      return http.send(req, body::handle);
    } catch (InterruptedException e) {
      if (!stalled.get()) {
        Thread.currentThread().interrupt();
        throw new AimException(ExitCode.FAILURE, "download interrupted");
      }
      throw pace.stalled(what, stalledAt.get());
    } catch (Transient t) {
      throw new Transient("download of " + what + " broke off: " + t.getMessage(), t);
    } catch (IOException e) {
      Throwable c = e.getCause();
      if (c instanceof AimException a) {
        throw a;
      }
      if (c instanceof Transient t) {
        throw new Transient("download of " + what + " broke off: " + t.getMessage(), t);
      }
      throw new Transient("download of " + what + " broke off: " + Transient.io(e).getMessage(), e);
    } finally {
      watchdog.cancel(false);
      if (stalled.get()) {
        Thread.interrupted(); // the watchdog's interrupt is ours to clear
      }
    }
  }

  /**
   * Streams one response body into a {@link HubClient.Sink}, stopping after the range's length; on
   * a 200 to a range starting past 0 it skips the leading bytes. {@link #close} stops all further
   * writes, so after {@link #fetch} returns or throws, the sink is the caller's again.
   */
  private static final class RangeSubscriber implements HttpResponse.BodySubscriber<Void> {
    private final HubClient.Sink sink;
    final Pace pace;
    private final long from;
    private final long expected;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private long skip;
    private boolean partial;
    private boolean closed;
    volatile long received;
    volatile String badRange;

    RangeSubscriber(HubClient.Sink sink, long from, long to, Pace pace) {
      this.pace = pace;
      this.sink = sink;
      this.from = from;
      this.expected = to - from + 1;
    }

    HttpResponse.BodySubscriber<Void> handle(HttpResponse.ResponseInfo info) {
      int st = info.statusCode();
      if (st == 206) {
        String cr = info.headers().firstValue("Content-Range").orElse("");
        if (!cr.startsWith("bytes " + from + "-")) {
          badRange = cr.isEmpty() ? "no Content-Range" : "'" + cr + "'";
          return HttpResponse.BodySubscribers.discarding();
        }
        return this;
      }
      if (st == 200) {
        skip = from;
        partial = true;
        return this;
      }
      return HttpResponse.BodySubscribers.discarding();
    }

    @Override
    public synchronized void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (closed) {
        s.cancel();
      } else {
        s.request(1);
      }
    }

    @Override
    public synchronized void onNext(List<ByteBuffer> items) {
      if (closed || done.isDone()) {
        return;
      }
      try {
        long got = received;
        for (ByteBuffer b : items) {
          pace.add(b.remaining());
          if (skip > 0) {
            int n = (int) Math.min(skip, b.remaining());
            b.position(b.position() + n);
            skip -= n;
          }
          long room = expected - got;
          if (b.remaining() > room) {
            b.limit(b.position() + (int) room);
          }
          int n = b.remaining();
          if (n > 0) {
            sink.write(b);
            got += n;
          }
          if (got == expected && partial) {
            // A 200 carrying more than the range (a server ignoring Range): stop reading it.
            received = got;
            done.complete(null);
            subscription.cancel();
            return;
          }
        }
        received = got;
        subscription.request(1);
      } catch (IOException | RuntimeException e) {
        done.completeExceptionally(e);
        subscription.cancel();
      }
    }

    @Override
    public void onError(Throwable t) {
      done.completeExceptionally(
          t instanceof IOException io ? io : new IOException(String.valueOf(t.getMessage()), t));
    }

    @Override
    public void onComplete() {
      if (received < expected) {
        done.completeExceptionally(
            new Transient(
                "connection closed after " + received + " of " + expected + " bytes",
                (Duration) null));
      } else {
        done.complete(null);
      }
    }

    @Override
    public CompletableFuture<Void> getBody() {
      return done;
    }

    synchronized void close() {
      closed = true;
      if (subscription != null && !done.isDone()) {
        subscription.cancel();
      }
    }
  }
}
