package io.aimengine.runtime.store;

import io.aimengine.core.AimException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;

/**
 * One contender in the cross-process race test: opens the store, says so with a {@code ready-NAME}
 * file beside the start file, waits for the start file, reserves GPUs 0 and 1, prints WON or LOST
 * and exits.
 */
public final class StoreRaceMain {
  private StoreRaceMain() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]);
    Path go = Path.of(args[1]);
    String name = args[2];
    FakeReality reality = new FakeReality();
    reality.aliveLaunchers.add(1L);
    try (EndpointStore store = EndpointStore.open(home, reality, Clock.systemUTC())) {
      java.nio.file.Files.writeString(go.resolveSibling("ready-" + name), "");
      while (!java.nio.file.Files.exists(go)) {
        Thread.onSpinWait();
      }
      try {
        store.reserve(Reservations.of(name, true, Set.of(0, 1), 8000, false, 1));
        System.out.println("WON");
      } catch (AimException e) {
        System.out.println("LOST " + e.getMessage());
      }
    }
  }
}
