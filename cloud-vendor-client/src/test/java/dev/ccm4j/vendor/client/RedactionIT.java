package dev.ccm4j.vendor.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Proves that no credential reaches a log line or an exception, with every logger of the library at TRACE and the
 * cloud echoing the credentials back in success and error bodies, as Alibaba's metadata service and its
 * {@code SignatureDoesNotMatch} error do.
 */
class RedactionIT {
  private static final String ACCESS_KEY_ID = "LTAI5tVisibleKeyId";
  private static final String SECRET = "Sk/9+Secret=Value";
  private static final String TOKEN = "CAIS+Token/Abc==tail";
  private static final String SIGNATURE = "Zm9vYmFyU2lnbmF0dXJl";
  private static final String ACS3_SIGNATURE = "9e8d7c6b5a4f3e2d1c0b";
  private static final String METADATA_TOKEN = "imds-v2-token-value";

  private MockWebServer server;
  private ListAppender<ILoggingEvent> appender;
  private Logger libraryLogger;
  private Level previousLevel;
  private final List<String> exceptionTexts = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
    libraryLogger = (Logger) LoggerFactory.getLogger("dev.ccm4j.vendor.client");
    previousLevel = libraryLogger.getLevel();
    libraryLogger.setLevel(Level.TRACE);
    appender = new ListAppender<>();
    appender.start();
    libraryLogger.addAppender(appender);
  }

  @AfterEach
  void tearDown() {
    libraryLogger.detachAppender(appender);
    libraryLogger.setLevel(previousLevel);
    server.close();
  }

  @Test
  void noSecretReachesALogLineOrAnException() throws Exception {
    Redactor redactor = Redactor.create().secret(SECRET).secret(TOKEN);
    ErrorDecoder decoder = r -> {
      if (r.status() == 502) {
        // A sloppy decoder that quotes the body in its exception; the client must not pass it on.
        throw new IllegalStateException("cannot decode " + r.body());
      }
      return ErrorDecoder.standard().decode(r);
    };
    String metadataEcho = "{\"AccessKeyId\":\"STS." + ACCESS_KEY_ID + "\",\"AccessKeySecret\":\"" + SECRET
        + "\",\"SecurityToken\":\"" + TOKEN + "\",\"Expiration\":\"2026-12-07T04:00:00Z\",\"RequestId\":\"R-ok\"}";
    String encodedToken = rfc3986(TOKEN);
    String stringToSign = "POST&%2F&AccessKeyId%3D" + ACCESS_KEY_ID + "%26Action%3DDescribeInstances"
        + "%26SecurityToken%3D" + rfc3986(encodedToken) + "%26SignatureMethod%3DHMAC-SHA1";
    String signatureError = "{\"RequestId\":\"R-bad\",\"Code\":\"SignatureDoesNotMatch\",\"Message\":"
        + "\"Specified signature is not matched with our calculation. server string to sign is:" + stringToSign
        + " (secret " + SECRET + ")\"}";
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Set-Cookie", "session=" + TOKEN)
        .body(metadataEcho).build());
    server.enqueue(new MockResponse.Builder().code(400).body(signatureError).build());
    server.enqueue(new MockResponse.Builder().code(502).body("<html>" + SECRET + " " + TOKEN + "</html>").build());
    server.enqueue(new MockResponse.Builder().code(429).body("{\"Code\":\"Throttling.User\",\"Message\":\"token "
        + encodedToken + "\"}").build());

    try (VendorHttpClient client = VendorHttpClient.builder("alibaba").redactor(redactor).errorDecoder(decoder)
        .callTimeout(Duration.ofSeconds(5)).build()) {
      HttpUrl url = server.url("/").newBuilder()
          .addQueryParameter("AccessKeyId", ACCESS_KEY_ID)
          .addQueryParameter("Action", "DescribeInstances")
          .addQueryParameter("SecurityToken", TOKEN)
          .addQueryParameter("Signature", SIGNATURE)
          .build();
      Request request = new Request.Builder().url(url)
          .header("Authorization", "ACS3-HMAC-SHA256 Credential=" + ACCESS_KEY_ID
              + ",SignedHeaders=host;x-acs-date,Signature=" + ACS3_SIGNATURE)
          .header("x-acs-security-token", TOKEN)
          .header("X-aliyun-ecs-metadata-token", METADATA_TOKEN)
          .post(new FormBody.Builder().add("AccessKeySecret", SECRET).add("Visible", "plain-value").build())
          .build();

      VendorResponse ok = client.execute("DescribeInstances", request);
      assertThat(ok.toString()).doesNotContain(SECRET);
      for (int i = 0; i < 3; i++) {
        Throwable t = catchThrowable(() -> client.execute("DescribeInstances", request));
        assertThat(t).isNotNull();
        collect(t);
      }
      try (HangingServer hang = new HangingServer()) {
        Request hanging = request.newBuilder().url(url.newBuilder().port(hang.port()).build()).build();
        VendorHttpClient fast = VendorHttpClient.builder("alibaba").redactor(redactor)
            .callTimeout(Duration.ofMillis(200)).build();
        try (fast) {
          collect(catchThrowable(() -> fast.execute("DescribeInstances", hanging)));
        }
      }
    }

    List<String> lines = appender.list.stream().map(RedactionIT::render).toList();
    assertThat(lines).isNotEmpty();
    for (String line : lines) {
      assertClean(line);
    }
    for (String text : exceptionTexts) {
      assertClean(text);
    }
    // Redaction must not blind the operator: the request line and the body excerpts are there.
    assertThat(lines).anySatisfy(l -> assertThat(l)
        .startsWith("op=DescribeInstances method=POST url=http://")
        .contains("AccessKeyId=" + ACCESS_KEY_ID, "SecurityToken=***", "Signature=***", "status=200",
            "requestId=R-ok"));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("status=400", "requestId=R-bad"));
    assertThat(lines).contains("op=DescribeInstances failed status=400 code=SignatureDoesNotMatch kind=INVALID_REQUEST"
        + " requestId=R-bad");
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("Visible=plain-value", "AccessKeySecret=***",
        "Authorization: ACS3-HMAC-SHA256 ***", "x-acs-security-token: ***"));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"AccessKeySecret\":\"***\"", "STS." + ACCESS_KEY_ID));
    assertThat(String.join("\n", exceptionTexts))
        .contains("alibaba DescribeInstances: HTTP 400 SignatureDoesNotMatch", "(request id R-bad)",
            "alibaba DescribeInstances: HTTP 502", "Throttling.User", "timed out");
  }

  private void collect(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      exceptionTexts.add(String.valueOf(c.getMessage()));
      exceptionTexts.add(c.toString());
      if (c instanceof CloudApiFailure f) {
        exceptionTexts.add(f.cloudMessage());
        exceptionTexts.add(f.error().toString());
      }
    }
  }

  private static String render(ILoggingEvent e) {
    StringBuilder sb = new StringBuilder(e.getFormattedMessage());
    for (IThrowableProxy p = e.getThrowableProxy(); p != null; p = p.getCause()) {
      sb.append(" | ").append(p.getClassName()).append(": ").append(p.getMessage());
    }
    return sb.toString();
  }

  private static void assertClean(String text) {
    for (String secret : List.of(SECRET, TOKEN, rfc3986(TOKEN), rfc3986(rfc3986(TOKEN)), rfc3986(SECRET),
        URLEncoder.encode(SECRET, StandardCharsets.UTF_8), SIGNATURE, ACS3_SIGNATURE, METADATA_TOKEN,
        "Token/Abc", "Secret=Value")) {
      assertThat(text).as("a log line or exception text").doesNotContain(secret);
    }
  }

  private static String rfc3986(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
        .replace("%7E", "~");
  }
}
