package io.aimengine.runtime.cache;

import io.aimengine.core.AimException;
import io.aimengine.core.ExitCode;

/**
 * The Hub says a model id does not exist (HTTP 404, or {@code RepoNotFound} on 401 as it answers
 * anonymous callers): not found, exit 3, wherever it is met (a pull, a plan); callers that know
 * better candidates add a did-you-mean.
 */
public final class RepoNotFound extends AimException {
  private final RepoId repo;

  RepoNotFound(RepoId repo, String message) {
    super(ExitCode.UNEXPECTED_STATE, message);
    this.repo = repo;
  }

  /** The id the Hub does not know. */
  public RepoId repo() {
    return repo;
  }
}
