package io.aimengine.runtime.bench;

import io.aimengine.core.AimException;
import io.aimengine.core.bench.Arrivals;
import io.aimengine.core.bench.BenchMetrics;
import io.aimengine.core.bench.RequestOutcome;
import io.aimengine.core.bench.Slo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import okhttp3.Request;

/**
 * Drives one endpoint with a {@link Workload} at a {@link Load}, one thread per request in flight,
 * and computes the run's {@link BenchMetrics}. The run's duration is vLLM's: from just before the
 * first send to the last completion.
 *
 * <p>The generator's own work per request is sending one pre-built request and parsing the stream's
 * small JSON chunks; {@code bench/bench-overhead.sh} measures what that adds.
 *
 * <p>A closed loop runs each client on a virtual thread. An open loop sends on platform threads,
 * kept between requests, for the first {@link #PLATFORM_SENDERS} requests in flight, and on virtual
 * threads beyond. A platform thread blocked in a socket read is woken by the kernel; a virtual
 * thread needs two more hand-offs (the JDK's I/O poller, then a carrier thread), and a fresh one
 * per request also costs its creation and stack-chunk copies. Measured with {@code
 * bench/bench-overhead.sh 10 16 2000 4} on this 2-core machine, both kinds alternated in the same
 * window: in the open loop 3.5-4.6 wake-ups (voluntary thread switches) per request against 5.5-9.7
 * with a virtual thread per request, 23 against 28 KB allocated per request, and the p99 of
 * end-to-end latency 1.9-8 ms against 4-374 ms at a load average of 6-17. A closed loop keeps its
 * clients busy, so a blocked virtual thread's carrier just runs the next: there platform threads
 * saved wake-ups (1.3 against 2.0 per request) but not CPU time.
 *
 * <p>Timing is only as good as the wake-up of a virtual thread blocked in a socket read. JDK 25's
 * default I/O pollers on Linux are themselves virtual threads ({@code jdk.pollerMode=2}): a token's
 * arrival wakes a master poller, which schedules a poller virtual thread, which schedules the
 * reader. Measured on this 2-core machine under load (a writer thread, a reader 5 ms later, 400
 * reads): mean 0.84-1.05 ms, p99 17-26 ms, against 0.48-0.53 ms and p99 3.5-3.9 ms with the
 * platform-thread pollers of {@code -Djdk.pollerMode=1} (a platform-thread reader: 0.26-0.28 ms,
 * p99 0.6-1.6 ms). {@code bin/aim-engine} therefore runs {@code bench} with {@code
 * -Djdk.pollerMode=1}, for the requests beyond the platform senders.
 */
public final class LoadGenerator {
  /** The most requests in flight at once on platform threads (see the class comment). */
  static final int PLATFORM_SENDERS = 256;

  /** Platform senders an open loop starts before its clock starts; more start as needed. */
  static final int OPEN_LOOP_SENDERS = 16;

  private final StreamingRequest sender;
  private final Workload workload;
  private final Slo slo;
  private final long seed;
  private final byte[][] bodies;
  private final Request[] requests;

  public LoadGenerator(StreamingRequest sender, Workload workload, Slo slo, long seed) {
    this.sender = sender;
    this.workload = workload;
    this.slo = slo;
    this.seed = seed;
    this.bodies = new byte[workload.prompts().size()][];
    for (int i = 0; i < bodies.length; i++) {
      bodies[i] = workload.body(workload.prompts().get(i));
    }
    this.requests = new Request[bodies.length];
    for (int i = 0; i < bodies.length; i++) {
      requests[i] = sender.request(bodies[i]);
    }
  }

  /**
   * Sends one request and fails (exit 1, the endpoint's own words) when it does not succeed: the
   * check vLLM's benchmark makes before a run, so a wrong model name or URL costs one request.
   */
  public RequestOutcome probe() {
    RequestOutcome o = send(0, System.nanoTime());
    if (!o.success()) {
      throw AimException.failure(
          "the first request failed (" + o.error().kind() + "): " + o.error().detail());
    }
    return o;
  }

  /**
   * Runs the generator's own request path at least {@code n} times against a loopback responder in
   * this process, and on until the JIT has finished compiling it (see {@link OwnPathWarmUp}), so
   * the first measured requests pay neither for a cold JVM nor for the compiler's work; returns how
   * many of those requests succeeded.
   */
  public int warmOwnPath(int n) {
    return OwnPathWarmUp.run(sender, bodies, n);
  }

  /** Sends {@code n} requests, {@code clients} at a time, and forgets them (warm-up). */
  public void warmUp(int n, int clients) {
    if (n > 0) {
      run(new Load.Concurrency(Math.max(1, Math.min(n, clients))), Stop.after(n), Progress.NONE);
    }
  }

  /** One run. */
  public RunResult run(Load load, Stop stop, Progress progress) {
    ConcurrentLinkedQueue<RequestOutcome> done = new ConcurrentLinkedQueue<>();
    AtomicInteger completed = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicLong lastEnd = new AtomicLong();
    int total = stop.requests();
    Runnable after = () -> progress.update(load, completed.get(), failed.get(), total, 0);
    long t0;
    try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor();
        ExecutorService threads = load instanceof Load.Rate ? senders(virtual) : virtual) {
      t0 = System.nanoTime();
      long start = t0;
      long deadline = stop.duration() == null ? Long.MAX_VALUE : t0 + stop.duration().toNanos();
      Recorder rec =
          o -> {
            done.add(o);
            (o.success() ? completed : failed).incrementAndGet();
            lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
            progress.update(load, completed.get(), failed.get(), total, System.nanoTime() - start);
          };
      switch (load) {
        case Load.Concurrency c ->
            closedLoop(c, total, deadline, stop.cancelled(), t0, threads, rec);
        case Load.Rate r -> openLoop(r, total, deadline, stop.cancelled(), t0, threads, rec);
      }
    }
    after.run();
    List<RequestOutcome> outcomes = new ArrayList<>(done);
    outcomes.sort((a, b) -> Long.compare(a.startNanos(), b.startNanos()));
    long duration = Math.max(1, lastEnd.get() - t0);
    Map<String, String> firstErrors = new LinkedHashMap<>();
    for (RequestOutcome o : outcomes) {
      if (!o.success()) {
        firstErrors.putIfAbsent(o.error().kind(), o.error().detail());
      }
    }
    return new RunResult(
        load,
        BenchMetrics.of(outcomes, duration, slo),
        Collections.unmodifiableList(outcomes),
        firstErrors);
  }

  /**
   * An open loop's sender threads: platform threads, kept for the next request once one is done; a
   * request that finds none idle runs on a virtual thread of {@code overflow} and has one more
   * platform sender started in the background, up to {@link #PLATFORM_SENDERS}. The first {@link
   * #OPEN_LOOP_SENDERS} are started here, before the run's clock starts. Nothing starts a platform
   * thread on the dispatcher: that waits until the new thread has run, milliseconds each on a busy
   * machine (measured: a closed loop of 264 that started them as it went sent its last request
   * after 2.2 s instead of at once), and at an infinite rate every request is due at once. Closing
   * it waits for the requests it runs.
   */
  private static ExecutorService senders(ExecutorService overflow) {
    AtomicInteger wanted = new AtomicInteger();
    AtomicBoolean growing = new AtomicBoolean();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            OPEN_LOOP_SENDERS,
            OPEN_LOOP_SENDERS,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            Thread.ofPlatform().name("bench-sender-", 0).daemon().factory());
    pool.setRejectedExecutionHandler(
        (task, p) -> {
          overflow.execute(task);
          if (p.getMaximumPoolSize() + wanted.incrementAndGet() > PLATFORM_SENDERS) {
            wanted.decrementAndGet();
          } else if (growing.compareAndSet(false, true)) {
            overflow.execute(() -> grow(p, wanted, growing));
          }
        });
    pool.allowCoreThreadTimeOut(true);
    pool.prestartAllCoreThreads();
    return pool;
  }

  /** Starts the platform senders wanted, one after another; one grower at a time. */
  private static void grow(ThreadPoolExecutor pool, AtomicInteger wanted, AtomicBoolean growing) {
    do {
      while (wanted.get() > 0 && !pool.isShutdown()) {
        wanted.decrementAndGet();
        int n = pool.getMaximumPoolSize() + 1;
        pool.setMaximumPoolSize(n);
        pool.setCorePoolSize(n);
        pool.prestartCoreThread();
      }
      growing.set(false);
    } while (wanted.get() > 0 && !pool.isShutdown() && growing.compareAndSet(false, true));
  }

  private void closedLoop(
      Load.Concurrency c,
      int total,
      long deadline,
      BooleanSupplier cancelled,
      long t0,
      ExecutorService threads,
      Recorder rec) {
    AtomicInteger next = new AtomicInteger();
    for (int k = 0; k < c.clients(); k++) {
      threads.execute(
          () -> {
            while (System.nanoTime() < deadline && !cancelled.getAsBoolean()) {
              int i = next.getAndIncrement();
              if (total > 0 && i >= total) {
                return;
              }
              rec.record(send(i, t0));
            }
          });
    }
  }

  private void openLoop(
      Load.Rate r,
      int total,
      long deadline,
      BooleanSupplier cancelled,
      long t0,
      ExecutorService threads,
      Recorder rec) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] offsets =
        total > 0 ? Arrivals.offsets(total, r.perSecond(), r.burstiness(), random) : null;
    Semaphore slots = r.maxConcurrency() > 0 ? new Semaphore(r.maxConcurrency()) : null;
    double at = 0;
    for (int i = 0; total == 0 || i < total; i++) {
      long due;
      if (offsets != null) {
        due = t0 + offsets[i];
      } else {
        at += Arrivals.gap(r.perSecond(), r.burstiness(), random);
        due = t0 + Math.round(at * 1e9);
        if (due >= deadline) {
          return;
        }
      }
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      if (cancelled.getAsBoolean()) {
        return;
      }
      int index = i;
      threads.execute(
          () -> {
            if (slots != null) {
              slots.acquireUninterruptibly();
            }
            try {
              rec.record(send(index, t0));
            } finally {
              if (slots != null) {
                slots.release();
              }
            }
          });
    }
  }

  private RequestOutcome send(int i, long t0) {
    int p = i % bodies.length;
    return sender.send(requests[p], t0, workload.prompts().get(p).estimatedTokens());
  }

  @FunctionalInterface
  private interface Recorder {
    void record(RequestOutcome o);
  }
}
