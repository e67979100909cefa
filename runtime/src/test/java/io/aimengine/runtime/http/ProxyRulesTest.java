package io.aimengine.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimengine.core.AimException;
import io.aimengine.core.ExitCode;
import io.aimengine.core.config.Settings;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProxyRulesTest {
  private static ProxyRules rules(String... kv) {
    Map<String, String> env = new java.util.HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      env.put(kv[i], kv[i + 1]);
    }
    return ProxyRules.from(new Settings(env, Path.of("/nonexistent")));
  }

  private static String via(ProxyRules r, String url) {
    Proxy p = r.select(URI.create(url)).get(0);
    if (p.type() == Proxy.Type.DIRECT) {
      return "DIRECT";
    }
    InetSocketAddress a = (InetSocketAddress) p.address();
    return p.type() + " " + a.getHostString() + ":" + a.getPort();
  }

  @Test
  void httpsUrlsUseHttpsProxyAndHttpUrlsUseHttpProxy() {
    ProxyRules r = rules("HTTPS_PROXY", "http://secure:3128", "HTTP_PROXY", "plain:8080");

    assertThat(via(r, "https://huggingface.co/api/models/x")).isEqualTo("HTTP secure:3128");
    assertThat(via(r, "http://mirror.local/x")).isEqualTo("HTTP plain:8080");
  }

  @Test
  void aSchemeWithoutItsOwnVariableGoesDirectUnlessAllProxyIsSet() {
    assertThat(via(rules("HTTPS_PROXY", "http://p:1"), "http://h/x")).isEqualTo("DIRECT");
    assertThat(via(rules("HTTPS_PROXY", "http://p:1", "ALL_PROXY", "http://all:2"), "http://h/x"))
        .isEqualTo("HTTP all:2");
  }

  @Test
  void lowerCaseVariablesWinOverUpperCase() {
    ProxyRules r =
        rules(
            "https_proxy", "http://lower:1",
            "HTTPS_PROXY", "http://upper:2",
            "no_proxy", "internal.example",
            "NO_PROXY", "huggingface.co");

    assertThat(via(r, "https://huggingface.co/x")).isEqualTo("HTTP lower:1");
    assertThat(via(r, "https://internal.example/x")).isEqualTo("DIRECT");
  }

  @Test
  void noProxyHostsGoDirect() {
    ProxyRules r = rules("HTTPS_PROXY", "http://p:3128", "NO_PROXY", ".corp.example, 10.0.0.0/8");

    assertThat(via(r, "https://hub.corp.example/x")).isEqualTo("DIRECT");
    assertThat(via(r, "https://10.1.2.3/x")).isEqualTo("DIRECT");
    assertThat(via(r, "https://huggingface.co/x")).isEqualTo("HTTP p:3128");
  }

  @Test
  void socksAndDefaultPortAndCredentialsAreReadFromTheUrl() {
    ProxyRules r = rules("HTTPS_PROXY", "socks5h://s", "HTTP_PROXY", "http://u%40x:p%3Aw@h:8");

    assertThat(via(r, "https://a/x")).isEqualTo("SOCKS s:1080");
    ProxyRules.Endpoint e = r.endpointFor(URI.create("http://a/x")).orElseThrow();
    assertThat(e.user()).isEqualTo("u@x");
    assertThat(e.password()).isEqualTo("p:w");
    assertThat(e.toString()).doesNotContain("p:w").isEqualTo("http://h:8");
    assertThat(r.credentialsFor(InetSocketAddress.createUnresolved("h", 8))).contains(e);
  }

  @Test
  void withoutProxyVariablesTheJvmSelectorDecides() {
    ProxyRules r = rules("NO_PROXY", "x");

    assertThat(r.fallback()).isNotNull();
    assertThat(via(r, "http://127.0.0.1:9/x")).isEqualTo("DIRECT");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "https://p:1          | a proxy reached over TLS is not supported",
        "ftp://p:1            | scheme 'ftp' is not http or socks5",
        "http://:8080         | no host",
        "http://user:s3cret@p:1:2 | not a proxy"
      })
  void aBadProxyValueIsInvalidInputNamingTheVariableAndHidingThePassword(String value, String why) {
    assertThatThrownBy(() -> rules("HTTPS_PROXY", value))
        .isInstanceOfSatisfying(
            AimException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
        .hasMessageStartingWith("HTTPS_PROXY='")
        .hasMessageContaining(why)
        .hasMessageNotContaining("s3cret");
  }
}
