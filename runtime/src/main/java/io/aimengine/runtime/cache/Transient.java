package io.aimengine.runtime.cache;

import io.aimengine.core.AimException;
import io.aimengine.core.ExitCode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A failure worth retrying: the connection broke or stalled, or the Hub said 429/5xx. Carries the
 * one-line message to show when the retries run out.
 */
final class Transient extends IOException {
  private static final long serialVersionUID = 1L;
  private final transient Duration retryAfter;

  Transient(String message, Duration retryAfter) {
    super(message);
    this.retryAfter = retryAfter;
  }

  Transient(String message, Throwable cause) {
    super(message, cause);
    this.retryAfter = null;
  }

  /** A network error as a transient failure with a message that says what happened. */
  static Transient io(IOException e) {
    if (e instanceof Transient t) {
      return t;
    }
    String what =
        e instanceof ConnectException
            ? "connection refused"
            : e instanceof SocketTimeoutException
                    || (e instanceof java.io.InterruptedIOException
                        && "timeout".equals(e.getMessage()))
                ? "timed out"
                : e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage());
    return new Transient(what, e);
  }

  /**
   * False when waiting cannot fix the cause: the host name does not resolve, the connection is
   * refused or has no route, or TLS rejects the peer. Those fail at once, naming the cause.
   */
  boolean worthRetrying() {
    boolean unfixable = false;
    for (Throwable c = getCause(); c != null; c = c.getCause()) {
      if (c instanceof java.net.SocketTimeoutException
          || (c instanceof java.io.InterruptedIOException && "timeout".equals(c.getMessage()))) {
        return true; // a slow peer or a loaded host: worth another try
      }
      // A refused connection is a ConnectException, an unknown host an UnknownHostException.
      unfixable |=
          c instanceof java.net.ConnectException
              || c instanceof java.net.UnknownHostException
              || c instanceof java.nio.channels.UnresolvedAddressException
              || c instanceof java.net.NoRouteToHostException
              || c instanceof javax.net.ssl.SSLHandshakeException
              || c instanceof javax.net.ssl.SSLPeerUnverifiedException;
    }
    return !unfixable;
  }

  Duration retryAfter() {
    return retryAfter;
  }

  AimException finalError(int attempts) {
    return new AimException(
        ExitCode.FAILURE,
        getMessage() + (attempts > 1 ? " (gave up after " + attempts + " attempts)" : ""),
        this);
  }
}
