package io.aimengine.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoTlsTest {
  @TempDir Path dir;

  @Test
  void aUnixSocketClientSpeaksHttpWithoutAnyTls() throws Exception {
    Path sock = dir.resolve("api.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(sock));
      Thread.ofVirtual()
          .start(
              () -> {
                try (SocketChannel c = server.accept()) {
                  c.read(ByteBuffer.allocate(4096));
                  c.write(
                      ByteBuffer.wrap(
                          "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK"
                              .getBytes(StandardCharsets.US_ASCII)));
                } catch (IOException e) {
                  // the test fails on the ping
                }
              });
      ContainerEngine e = ContainerEngine.open("unix://" + sock, Duration.ofSeconds(5));
      try {
        e.client().pingCmd().exec();
      } finally {
        e.client().close();
      }
    }
  }

  @Test
  void usingItForTlsFailsLoudly() {
    NoTls tls = new NoTls();
    assertThatThrownBy(tls::createSSLEngine)
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("no TLS over a Unix socket");
    assertThatThrownBy(tls::getSocketFactory).isInstanceOf(UnsupportedOperationException.class);
    assertThat(tls.getProtocol()).isEqualTo("none");
  }
}
