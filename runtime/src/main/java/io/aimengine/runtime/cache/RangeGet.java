package io.aimengine.runtime.cache;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Map;

/**
 * One attempt at {@code GET}ting a byte range into a {@link HubClient.Sink}. Redirects and error
 * statuses come back as they are, for {@link HubClient} to follow or map; the bytes of a 200/206 go
 * to the sink, at most the range's length. A broken or stalled transfer throws {@link Transient}
 * after the bytes received so far reached the sink.
 */
interface RangeGet {
  /**
   * What the server answered.
   *
   * @param status HTTP status
   * @param headers response headers
   * @param received body bytes handed to the sink
   * @param badRange a 206 whose Content-Range does not start at the asked offset (its bytes were
   *     not used), else null
   */
  record Response(int status, HttpHeaders headers, long received, String badRange) {}

  /**
   * @param headers request headers to send (Range is added here)
   * @param what "org/name/file", for messages
   */
  Response get(
      URI uri, long from, long to, Map<String, String> headers, HubClient.Sink sink, String what)
      throws IOException;
}
