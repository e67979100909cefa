package io.aimengine.operator.condition;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Positive-polarity conditions with Kubernetes semantics: {@code lastTransitionTime} moves only
 * when the status flips; reason, message and observedGeneration follow every write. A transition
 * (for Events) is a new condition, a status flip, or a new reason. Not thread-safe; one instance
 * per reconcile.
 */
public final class Conditions {
  /** A condition whose status flipped (or appeared) in this reconcile. */
  public record Transition(Condition condition, String previousStatus) {}

  private final List<Condition> list;
  private final long generation;
  private final Clock clock;
  private final List<Transition> transitions = new ArrayList<>();

  /** Works on a copy of {@code existing}; read the result with {@link #list()}. */
  public Conditions(List<Condition> existing, long generation, Clock clock) {
    this.list = new ArrayList<>();
    if (existing != null) {
      existing.forEach(c -> list.add(new ConditionBuilder(c).build()));
    }
    this.generation = generation;
    this.clock = clock;
  }

  /** Sets condition {@code type}; records a transition when its status changes. */
  public void set(String type, boolean status, String reason, String message) {
    String s = status ? "True" : "False";
    Condition old = find(type);
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    if (old == null) {
      Condition c = new Condition(now, message, generation, reason, s, type);
      list.add(c);
      transitions.add(new Transition(c, null));
      return;
    }
    if (!Objects.equals(old.getStatus(), s)) {
      transitions.add(new Transition(old, old.getStatus()));
      old.setLastTransitionTime(now);
      old.setStatus(s);
    } else if (!Objects.equals(old.getReason(), reason)) {
      // Same status, new reason (Downloading → DownloadFailed): worth an Event, not a new time.
      transitions.add(new Transition(old, old.getStatus()));
    }
    old.setReason(reason);
    old.setMessage(message);
    old.setObservedGeneration(generation);
  }

  /** Removes condition {@code type} if present. */
  public void remove(String type) {
    list.removeIf(c -> c.getType().equals(type));
  }

  public Condition find(String type) {
    return list.stream().filter(c -> c.getType().equals(type)).findFirst().orElse(null);
  }

  public boolean isTrue(String type) {
    Condition c = find(type);
    return c != null && "True".equals(c.getStatus());
  }

  public List<Condition> list() {
    return list;
  }

  /** Flips in this reconcile, in the order they happened. */
  public List<Transition> transitions() {
    return transitions;
  }
}
