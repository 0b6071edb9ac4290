package dev.ccm4j.vendor.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentProxyTest {

  private static EnvironmentProxy proxy(Map<String, String> env) {
    return EnvironmentProxy.from(env).orElseThrow();
  }

  private static String via(EnvironmentProxy p, String url) {
    Proxy chosen = p.select(URI.create(url)).get(0);
    if (chosen.type() == Proxy.Type.DIRECT) {
      return "direct";
    }
    InetSocketAddress a = (InetSocketAddress) chosen.address();
    return chosen.type() + " " + a.getHostString() + ":" + a.getPort();
  }

  @Test
  void nothingSetMeansNoSelector() {
    assertThat(EnvironmentProxy.from(Map.of())).isEmpty();
    assertThat(EnvironmentProxy.from(Map.of("NO_PROXY", "*", "HTTP_PROXY", " "))).isEmpty();
  }

  @Test
  void picksTheProxyByScheme() {
    EnvironmentProxy p = proxy(Map.of("HTTPS_PROXY", "http://secure-proxy:3128", "http_proxy", "plain-proxy"));
    assertThat(via(p, "https://ecs-vpc.cn-hangzhou.aliyuncs.com/")).isEqualTo("HTTP secure-proxy:3128");
    assertThat(via(p, "http://ecs.internal/")).isEqualTo("HTTP plain-proxy:80");
    EnvironmentProxy onlyHttps = proxy(Map.of("https_proxy", "socks5://socks:1081"));
    assertThat(via(onlyHttps, "https://a.example/")).isEqualTo("SOCKS socks:1081");
    assertThat(via(onlyHttps, "http://a.example/")).isEqualTo("direct");
  }

  @Test
  void upperCaseWins() {
    EnvironmentProxy p = proxy(Map.of("HTTPS_PROXY", "upper:1", "https_proxy", "lower:2"));
    assertThat(via(p, "https://x.example/")).isEqualTo("HTTP upper:1");
  }

  @Test
  void loopbackAndNoProxyEntriesGoDirect() {
    EnvironmentProxy p = proxy(Map.of("HTTPS_PROXY", "proxy:3128",
        "NO_PROXY", "aliyuncs.com, .internal.example ,10.0.0.0/8,192.168.1.7,metadata.local:8080,*.wild.example"));
    assertThat(via(p, "https://127.0.0.1/")).isEqualTo("direct");
    assertThat(via(p, "https://127.8.9.1/")).isEqualTo("direct");
    assertThat(via(p, "https://[::1]:8443/")).isEqualTo("direct");
    assertThat(via(p, "https://localhost/")).isEqualTo("direct");
    assertThat(via(p, "https://aliyuncs.com/")).isEqualTo("direct");
    assertThat(via(p, "https://ECS-VPC.cn-hangzhou.aliyuncs.com/")).isEqualTo("direct");
    assertThat(via(p, "https://notaliyuncs.com/")).isEqualTo("HTTP proxy:3128");
    assertThat(via(p, "https://a.internal.example/")).isEqualTo("direct");
    assertThat(via(p, "https://internal.example/")).isEqualTo("HTTP proxy:3128");
    assertThat(via(p, "https://10.20.30.40/")).isEqualTo("direct");
    assertThat(via(p, "https://11.0.0.1/")).isEqualTo("HTTP proxy:3128");
    assertThat(via(p, "https://192.168.1.7/")).isEqualTo("direct");
    assertThat(via(p, "https://metadata.local:8080/")).isEqualTo("direct");
    assertThat(via(p, "https://metadata.local:9090/")).isEqualTo("HTTP proxy:3128");
    assertThat(via(p, "https://x.wild.example/")).isEqualTo("direct");
    assertThat(via(p, "https://wild.example/")).isEqualTo("HTTP proxy:3128");
    assertThat(via(proxy(Map.of("HTTPS_PROXY", "proxy:3128", "no_proxy", "*")), "https://any.example/"))
        .isEqualTo("direct");
  }

  @Test
  void unusableProxyUrlsNameTheVariableWithoutQuotingIt() {
    assertThatThrownBy(() -> EnvironmentProxy.from(Map.of("HTTPS_PROXY", "https://u:hunter2@proxy:443")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("HTTPS_PROXY: proxies reached over TLS")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> EnvironmentProxy.from(Map.of("http_proxy", "ftp://u:hunter2@proxy")))
        .hasMessageStartingWith("http_proxy: unsupported proxy scheme 'ftp'").hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> EnvironmentProxy.from(Map.of("HTTP_PROXY", "http://u:hunter2@bad host:1")))
        .hasMessage("HTTP_PROXY is not a valid proxy URL");
    assertThatThrownBy(() -> EnvironmentProxy.from(Map.of("HTTP_PROXY", "socks5://u:hunter2@s:1080")))
        .hasMessage("HTTP_PROXY: credentials for a SOCKS proxy are not supported");
  }

  @Test
  void passwordsAreHandedToTheRedactorAndKeptOutOfToString() {
    EnvironmentProxy p = proxy(Map.of("HTTPS_PROXY", "http://ops:p%40ss%3Aword@proxy:3128"));
    assertThat(p.secrets()).containsExactly("p@ss:word");
    assertThat(p.toString()).doesNotContain("p@ss").doesNotContain("ops");
    try (VendorHttpClient c = VendorHttpClient.builder("x")
        .proxyFromEnvironment(Map.of("HTTPS_PROXY", "http://ops:p%40ss%3Aword@proxy:3128")).build()) {
      assertThat(c.redactor().redact("leak p@ss:word")).isEqualTo("leak ***");
    }
  }
}
