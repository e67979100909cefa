package io.aimengine.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NoProxyTest {
  @ParameterizedTest(name = "NO_PROXY=''{0}'' host {1}:{2} → {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "*                       | huggingface.co  | 443  | true",
        "example.com             | example.com     | 443  | true",
        "example.com             | hub.example.com | 443  | true",
        "example.com             | badexample.com  | 443  | false",
        ".example.com            | example.com     | 443  | true",
        ".example.com            | a.b.example.com | 443  | true",
        "*.example.com           | a.example.com   | 443  | true",
        "EXAMPLE.com             | Hub.Example.COM | 443  | true",
        "a.com, b.com            | b.com           | 80   | true",
        "a.com b.com             | b.com           | 80   | true",
        "localhost,127.0.0.1     | 127.0.0.1       | 8000 | true",
        "localhost,127.0.0.1     | 127.0.0.2       | 8000 | false",
        "10.0.0.0/8              | 10.200.3.4      | 443  | true",
        "10.0.0.0/8              | 11.0.0.1        | 443  | false",
        "10.0.0.0/8              | ten.example     | 443  | false",
        "192.168.1.0/24          | 192.168.1.77    | 443  | true",
        "192.168.1.0/24          | 192.168.2.77    | 443  | false",
        "fd00::/8                | fd12::1         | 443  | true",
        "fd00::/8                | [fd12::1]       | 443  | true",
        "::1                     | [::1]           | 443  | true",
        "[::1]:8080              | ::1             | 8080 | true",
        "[::1]:8080              | ::1             | 443  | false",
        "hub.local:8443          | hub.local       | 8443 | true",
        "hub.local:8443          | hub.local       | 443  | false",
        "''                      | example.com     | 443  | false",
        "10.0.0.0/99, x/y        | 10.0.0.1        | 443  | false"
      })
  void matchesAsCurlAndRequestsDo(String value, String host, int port, boolean direct) {
    assertThat(NoProxy.parse(value).matches(host, port)).isEqualTo(direct);
  }
}
