package io.aimengine.runtime.container;

import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The TLS context handed to docker-java's transport for a {@code unix://} endpoint, where no TLS is
 * ever spoken: without one the transport builds the JDK's default context for every client, which
 * loads the security providers and parses the whole system trust store (~15% of a container
 * launch's main-thread CPU in an async-profiler profile). Using it for TLS fails with {@link
 * UnsupportedOperationException}; the transport only would for an {@code https} route, which a Unix
 * socket endpoint never takes.
 */
final class NoTls extends SSLContext {
  NoTls() {
    super(new Refusing(), null, "none");
  }

  /** Refuses every TLS operation. */
  private static final class Refusing extends SSLContextSpi {
    private static UnsupportedOperationException refused() {
      return new UnsupportedOperationException("no TLS over a Unix socket");
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) {
      throw refused();
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      throw refused();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      throw refused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      throw refused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      throw refused();
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      throw refused();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      throw refused();
    }
  }
}
