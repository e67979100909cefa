package io.aimengine.runtime.http;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The hosts {@code no_proxy}/{@code NO_PROXY} sends direct, matched as curl and Python's requests
 * match them: entries separated by commas (spaces allowed); {@code *} matches every host; a name
 * matches itself and its subdomains, with or without a leading dot ({@code example.com} and {@code
 * .example.com} both match {@code example.com} and {@code hub.example.com}, never {@code
 * badexample.com}); an IP address matches itself, a CIDR range ({@code 10.0.0.0/8}, {@code
 * fd00::/8}) the IP literals inside it; {@code host:port} matches that port only. Case-insensitive;
 * no DNS lookups. Immutable.
 */
public final class NoProxy {
  private record Entry(String host, int port, BigInteger network, int prefix, int bits) {}

  private final boolean all;
  private final List<Entry> entries;

  private NoProxy(boolean all, List<Entry> entries) {
    this.all = all;
    this.entries = List.copyOf(entries);
  }

  /** Parses a {@code no_proxy} value; blank means no host is exempt. Bad entries never match. */
  public static NoProxy parse(String value) {
    boolean all = false;
    List<Entry> entries = new ArrayList<>();
    for (String raw : value.split("[,\\s]+")) {
      String e = raw.strip().toLowerCase(Locale.ROOT);
      if (e.isEmpty()) {
        continue;
      }
      if (e.equals("*")) {
        all = true;
        continue;
      }
      int slash = e.indexOf('/');
      if (slash > 0) {
        byte[] net = literal(e.substring(0, slash));
        try {
          int prefix = Integer.parseInt(e.substring(slash + 1));
          if (net != null && prefix >= 0 && prefix <= net.length * 8) {
            entries.add(new Entry(null, -1, new BigInteger(1, net), prefix, net.length * 8));
          }
        } catch (NumberFormatException ignored) {
          // not a CIDR range: never matches
        }
        continue;
      }
      int port = -1;
      String host = e;
      int colon = e.lastIndexOf(':');
      if (e.startsWith("[")) { // [v6] or [v6]:port
        int close = e.indexOf(']');
        host = close > 0 ? e.substring(1, close) : e;
        if (close > 0 && close + 1 < e.length() && e.charAt(close + 1) == ':') {
          port = portOf(e.substring(close + 2));
        }
      } else if (colon > 0 && e.indexOf(':') == colon) { // one colon: host:port, not bare IPv6
        host = e.substring(0, colon);
        port = portOf(e.substring(colon + 1));
      }
      while (host.startsWith(".")) {
        host = host.substring(1);
      }
      if (host.startsWith("*.")) {
        host = host.substring(2);
      }
      if (!host.isEmpty() && port != -2) {
        entries.add(new Entry(host, port, null, 0, 0));
      }
    }
    return new NoProxy(all, entries);
  }

  /** Whether a connection to {@code host} (a name or IP literal) on {@code port} goes direct. */
  public boolean matches(String host, int port) {
    if (all) {
      return true;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    byte[] ip = literal(h);
    for (Entry e : entries) {
      if (e.network() != null) {
        if (ip != null && ip.length * 8 == e.bits() && inRange(ip, e)) {
          return true;
        }
        continue;
      }
      if (e.port() >= 0 && e.port() != port) {
        continue;
      }
      if (h.equals(e.host()) || (ip == null && h.endsWith("." + e.host()))) {
        return true;
      }
      if (ip != null) {
        byte[] other = literal(e.host());
        if (other != null && java.util.Arrays.equals(ip, other)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean inRange(byte[] ip, Entry e) {
    int shift = e.bits() - e.prefix();
    return new BigInteger(1, ip).shiftRight(shift).equals(e.network().shiftRight(shift));
  }

  private static int portOf(String s) {
    try {
      int p = Integer.parseInt(s);
      return p > 0 && p < 65536 ? p : -2;
    } catch (NumberFormatException e) {
      return -2;
    }
  }

  /** The bytes of an IPv4/IPv6 literal, null for a host name (never resolves a name). */
  static byte[] literal(String s) {
    boolean v4 = s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean v6 = s.contains(":") && s.matches("[0-9a-f:.]+");
    if (!v4 && !v6) {
      return null;
    }
    try {
      return InetAddress.getByName(s).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
