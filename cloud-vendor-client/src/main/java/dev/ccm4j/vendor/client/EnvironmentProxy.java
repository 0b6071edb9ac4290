package dev.ccm4j.vendor.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import okhttp3.Authenticator;
import okhttp3.Credentials;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;

/**
 * The proxy settings of the process environment, read the way Go programs (and so the vendors' Go CCMs and SDKs)
 * read them: {@code HTTPS_PROXY} for https URLs, {@code HTTP_PROXY} for http URLs (upper case first, then lower
 * case), {@code NO_PROXY} for exceptions, and never a proxy for loopback hosts.
 *
 * <p>{@code NO_PROXY} is a comma-separated list of {@code *} (no proxy at all), IP addresses, CIDR ranges, and
 * domain names with an optional port: {@code example.com} matches that host and its subdomains, {@code .example.com}
 * (or {@code *.example.com}) only its subdomains. Proxy URLs without a scheme are {@code http://}; {@code socks5://}
 * is supported without credentials; {@code https://} proxies (TLS to the proxy) are not supported by OkHttp and are
 * refused at start-up. Credentials in an http proxy URL ({@code http://user:password@proxy:3128}) are sent as
 * {@code Proxy-Authorization: Basic} and the password is registered with the client's {@link Redactor}.
 */
final class EnvironmentProxy extends ProxySelector {
  private record ProxyEntry(Proxy proxy, String user, String password) {}

  private final ProxyEntry http;
  private final ProxyEntry https;
  private final List<String> noProxy;

  private EnvironmentProxy(ProxyEntry http, ProxyEntry https, List<String> noProxy) {
    this.http = http;
    this.https = https;
    this.noProxy = noProxy;
  }

  /**
   * Reads the proxy variables.
   *
   * @param env the environment
   * @return the selector, or empty when neither {@code HTTP_PROXY} nor {@code HTTPS_PROXY} is set
   * @throws IllegalArgumentException naming the variable (never quoting it: it may hold a password) when a proxy
   *     URL is unusable
   */
  static Optional<EnvironmentProxy> from(Map<String, String> env) {
    ProxyEntry http = parse(env, "HTTP_PROXY", "http_proxy");
    ProxyEntry https = parse(env, "HTTPS_PROXY", "https_proxy");
    if (http == null && https == null) {
      return Optional.empty();
    }
    List<String> no = new ArrayList<>();
    String raw = first(env, "NO_PROXY", "no_proxy").map(Map.Entry::getValue).orElse("");
    for (String entry : raw.split(",")) {
      String e = entry.strip().toLowerCase(Locale.ROOT);
      if (!e.isEmpty()) {
        no.add(e.startsWith("*.") ? e.substring(1) : e);
      }
    }
    return Optional.of(new EnvironmentProxy(http, https, List.copyOf(no)));
  }

  /** The proxy passwords, for the redactor. */
  List<String> secrets() {
    List<String> out = new ArrayList<>();
    for (ProxyEntry e : new ProxyEntry[] {http, https}) {
      if (e != null && e.password != null) {
        out.add(e.password);
      }
    }
    return out;
  }

  @Override
  public List<Proxy> select(URI uri) {
    ProxyEntry entry = "https".equalsIgnoreCase(uri.getScheme()) ? https
        : "http".equalsIgnoreCase(uri.getScheme()) ? http : null;
    if (entry == null || uri.getHost() == null || bypass(uri.getHost(), uri.getPort())) {
      return List.of(Proxy.NO_PROXY);
    }
    return List.of(entry.proxy);
  }

  @Override
  public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
    // Nothing to learn: there is one proxy per scheme and OkHttp reports the failure itself.
  }

  /** Answers a proxy's 407 with the credentials of its URL, once. */
  Authenticator authenticator() {
    return (Route route, Response response) -> {
      Request request = response.request();
      if (request.header("Proxy-Authorization") != null || route == null) {
        return null;
      }
      for (ProxyEntry e : new ProxyEntry[] {https, http}) {
        if (e != null && e.user != null && e.proxy.equals(route.proxy())) {
          return request.newBuilder()
              .header("Proxy-Authorization", Credentials.basic(e.user, e.password, StandardCharsets.UTF_8))
              .build();
        }
      }
      return null;
    };
  }

  boolean bypass(String host, int port) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.equals("localhost") || h.endsWith(".localhost") || isLoopbackLiteral(h)) {
      return true;
    }
    for (String entry : noProxy) {
      if (entry.equals("*")) {
        return true;
      }
      String name = entry;
      int entryPort = -1;
      int colon = entry.lastIndexOf(':');
      if (colon > 0 && entry.indexOf(':') == colon && !entry.contains("/")) {
        name = entry.substring(0, colon);
        try {
          entryPort = Integer.parseInt(entry.substring(colon + 1));
        } catch (NumberFormatException e) {
          continue;
        }
      }
      if (entryPort >= 0 && entryPort != port) {
        continue;
      }
      if (name.contains("/")) {
        if (inCidr(h, name)) {
          return true;
        }
      } else if (name.startsWith(".")) {
        if (h.endsWith(name)) {
          return true;
        }
      } else if (h.equals(name) || h.endsWith("." + name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isLoopbackLiteral(String host) {
    if (!isIpLiteral(host)) {
      return false;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean isIpLiteral(String host) {
    return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }

  private static boolean inCidr(String host, String cidr) {
    if (!isIpLiteral(host)) {
      return false;
    }
    String[] parts = cidr.split("/", 2);
    if (!isIpLiteral(parts[0])) {
      return false;
    }
    try {
      byte[] net = InetAddress.getByName(parts[0]).getAddress();
      byte[] addr = InetAddress.getByName(host).getAddress();
      int bits = Integer.parseInt(parts[1]);
      if (net.length != addr.length || bits < 0 || bits > net.length * 8) {
        return false;
      }
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >> (i % 8);
        if ((net[i / 8] & mask) != (addr[i / 8] & mask)) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException | NumberFormatException e) {
      return false;
    }
  }

  private static Optional<Map.Entry<String, String>> first(Map<String, String> env, String... names) {
    for (String n : names) {
      String v = env.get(n);
      if (v != null && !v.isBlank()) {
        return Optional.of(Map.entry(n, v.strip()));
      }
    }
    return Optional.empty();
  }

  private static ProxyEntry parse(Map<String, String> env, String upper, String lower) {
    Optional<Map.Entry<String, String>> found = first(env, upper, lower);
    if (found.isEmpty()) {
      return null;
    }
    String name = found.get().getKey();
    String value = found.get().getValue();
    URI uri;
    try {
      uri = new URI(value.contains("://") ? value : "http://" + value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(name + " is not a valid proxy URL");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null) {
      throw new IllegalArgumentException(name + " is not a valid proxy URL: it has no host");
    }
    String user = null;
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String[] up = uri.getRawUserInfo().split(":", 2);
      user = URLDecoder.decode(up[0], StandardCharsets.UTF_8);
      password = up.length > 1 ? URLDecoder.decode(up[1], StandardCharsets.UTF_8) : "";
    }
    Proxy.Type type;
    int defaultPort;
    switch (scheme) {
      case "http" -> {
        type = Proxy.Type.HTTP;
        defaultPort = 80;
      }
      case "socks5", "socks5h" -> {
        if (user != null) {
          throw new IllegalArgumentException(name + ": credentials for a SOCKS proxy are not supported");
        }
        type = Proxy.Type.SOCKS;
        defaultPort = 1080;
      }
      case "https" -> throw new IllegalArgumentException(name + ": proxies reached over TLS (https://) are not"
          + " supported; use an http:// or socks5:// proxy URL");
      default -> throw new IllegalArgumentException(name + ": unsupported proxy scheme '" + scheme
          + "'; use http:// or socks5://");
    }
    int port = uri.getPort() > 0 ? uri.getPort() : defaultPort;
    // Unresolved: the proxy's name is resolved when connecting, so a proxy that moves keeps working.
    Proxy proxy = new Proxy(type, InetSocketAddress.createUnresolved(uri.getHost(), port));
    return new ProxyEntry(proxy, user, password);
  }

  @Override
  public String toString() {
    return "EnvironmentProxy{http=" + (http == null ? "none" : http.proxy.address()) + ", https="
        + (https == null ? "none" : https.proxy.address()) + ", noProxy=" + noProxy + "}";
  }
}
