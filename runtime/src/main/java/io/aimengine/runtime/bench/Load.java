package io.aimengine.runtime.bench;

/** How requests are offered: a closed loop of N clients, or an open arrival process. */
public sealed interface Load {
  /** The value a sweep varies (concurrency or requests per second), for tables and charts. */
  double level();

  /** {@code concurrency} or {@code rate}: the name of {@link #level()}. */
  String axis();

  /** N clients, each sending its next request as soon as its previous one completes. */
  record Concurrency(int clients) implements Load {
    public Concurrency {
      if (clients < 1) {
        throw new IllegalArgumentException("concurrency must be at least 1: " + clients);
      }
    }

    @Override
    public double level() {
      return clients;
    }

    @Override
    public String axis() {
      return "concurrency";
    }
  }

  /**
   * Requests arriving at {@code perSecond} on average, gaps drawn as vLLM does (gamma, shape {@code
   * burstiness}; Poisson at 1), at most {@code maxConcurrency} in flight (0: unbounded).
   */
  record Rate(double perSecond, double burstiness, int maxConcurrency) implements Load {
    public Rate {
      if (!(perSecond > 0)) {
        throw new IllegalArgumentException("rate must be positive: " + perSecond);
      }
      if (!(burstiness > 0)) {
        throw new IllegalArgumentException("burstiness must be positive: " + burstiness);
      }
    }

    @Override
    public double level() {
      return perSecond;
    }

    @Override
    public String axis() {
      return "rate";
    }
  }
}
