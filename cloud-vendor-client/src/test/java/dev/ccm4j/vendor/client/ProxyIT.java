package dev.ccm4j.vendor.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Credentials;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Calls through an HTTP proxy taken from the environment, with a MockWebServer playing the proxy. */
class ProxyIT {
  private MockWebServer proxy;
  private MockWebServer target;

  @BeforeEach
  void start() throws IOException {
    proxy = new MockWebServer();
    proxy.start(InetAddress.getLoopbackAddress(), 0);
    target = new MockWebServer();
    target.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    proxy.close();
    target.close();
  }

  private String proxyUrl(String userInfo) {
    return "http://" + userInfo + "127.0.0.1:" + proxy.getPort();
  }

  @Test
  void callsGoThroughTheProxyInAbsoluteForm() throws Exception {
    proxy.enqueue(new MockResponse.Builder().code(200).body("{\"via\":\"proxy\"}").build());
    try (VendorHttpClient c = VendorHttpClient.builder("testcloud")
        .proxyFromEnvironment(Map.of("HTTP_PROXY", proxyUrl(""))).build()) {
      // .invalid never resolves: only a proxy can carry this call.
      VendorResponse r = c.execute("DescribeRegions",
          new Request.Builder().url("http://ecs.cn-hangzhou.example.invalid/?Action=DescribeRegions").build());
      assertThat(Json.string(r.json(), "via")).contains("proxy");
    }
    RecordedRequest rec = proxy.takeRequest(5, TimeUnit.SECONDS);
    assertThat(rec.getTarget()).isEqualTo("http://ecs.cn-hangzhou.example.invalid/?Action=DescribeRegions");
    assertThat(rec.getHeaders().get("Proxy-Authorization")).isNull();
  }

  @Test
  void theProxysChallengeIsAnsweredWithTheUrlCredentialsOnce() throws Exception {
    proxy.enqueue(new MockResponse.Builder().code(407).addHeader("Proxy-Authenticate", "Basic realm=\"corp\"")
        .build());
    proxy.enqueue(new MockResponse.Builder().code(200).body("{}").build());
    proxy.enqueue(new MockResponse.Builder().code(407).addHeader("Proxy-Authenticate", "Basic realm=\"corp\"")
        .build());
    proxy.enqueue(new MockResponse.Builder().code(407).addHeader("Proxy-Authenticate", "Basic realm=\"corp\"")
        .build());
    try (VendorHttpClient c = VendorHttpClient.builder("testcloud")
        .proxyFromEnvironment(Map.of("http_proxy", proxyUrl("ops:s3cret%40pw@"))).build()) {
      c.execute("A", new Request.Builder().url("http://api.example.invalid/").build());
      assertThat(proxy.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Proxy-Authorization")).isNull();
      assertThat(proxy.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Proxy-Authorization"))
          .isEqualTo(Credentials.basic("ops", "s3cret@pw"));
      // Refused credentials are not retried in a loop: the 407 surfaces, without the password.
      Throwable t = org.assertj.core.api.Assertions.catchThrowable(
          () -> c.execute("B", new Request.Builder().url("http://api.example.invalid/").build()));
      assertThat(t).isInstanceOf(CloudApiException.class).hasMessageStartingWith("testcloud B: HTTP 407")
          .hasMessageNotContaining("s3cret");
      assertThat(proxy.getRequestCount()).isEqualTo(4);
    }
  }

  @Test
  void loopbackTargetsBypassTheProxy() throws Exception {
    target.enqueue(new MockResponse.Builder().code(200).body("{\"via\":\"direct\"}").build());
    try (VendorHttpClient c = VendorHttpClient.builder("testcloud")
        .proxyFromEnvironment(Map.of("HTTP_PROXY", proxyUrl(""))).build()) {
      VendorResponse r = c.execute("A", new Request.Builder().url(target.url("/")).build());
      assertThat(Json.string(r.json(), "via")).contains("direct");
    }
    assertThat(proxy.getRequestCount()).isZero();
  }
}
