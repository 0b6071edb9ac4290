package dev.ccm4j.vendor.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class RedactorTest {
  // A realistic STS token and secret: base64 with '+', '/' and '=' so that every encoded form differs.
  private static final String TOKEN = "CAIS+8ABf/Token==xyz";
  private static final String SECRET = "s3cr3t/Key+Value=";

  @Test
  void masksRegisteredSecretsInEveryEncoding() {
    Redactor r = Redactor.create().secret(TOKEN).secret(SECRET);
    String text = "raw " + TOKEN + " form CAIS%2B8ABf%2FToken%3D%3Dxyz lower CAIS%2b8ABf%2fToken%3d%3dxyz"
        + " twice CAIS%252B8ABf%252FToken%253D%253Dxyz json \"s3cr3t/Key+Value\\u003d\" end";
    String out = r.redact(text);
    assertThat(out).doesNotContain(TOKEN).doesNotContain("8ABf").doesNotContain("s3cr3t");
    assertThat(out).startsWith("raw *** form *** lower *** twice *** json \"***\" end");
  }

  @Test
  void blankSecretsAreIgnoredAndNullTextIsEmpty() {
    Redactor r = Redactor.create().secret("").secret(null).secret("   ");
    assertThat(r.redact("nothing to hide")).isEqualTo("nothing to hide");
    assertThat(r.redact(null)).isEmpty();
  }

  @Test
  void masksSensitiveParametersButKeepsAccessKeyIdAndLookalikes() {
    Redactor r = Redactor.create();
    String out = r.redact("GET /?AccessKeyId=LTAI5tExample&Signature=abc%2Bdef%3D&SignatureMethod=HMAC-SHA1"
        + "&SignatureNonce=n1&SecurityToken=tok123&NextToken=page2");
    assertThat(out).isEqualTo("GET /?AccessKeyId=LTAI5tExample&Signature=***&SignatureMethod=HMAC-SHA1"
        + "&SignatureNonce=n1&SecurityToken=***&NextToken=page2");
  }

  @Test
  void masksParametersInsideAnEncodedStringToSign() {
    // What Alibaba quotes back in SignatureDoesNotMatch: the whole canonical query, encoded once more.
    String sts = "POST&%2F&AccessKeyId%3DLTAI5t%26Action%3DDescribeInstances%26SecurityToken%3DCAIStok%252Fmore"
        + "%26SignatureMethod%3DHMAC-SHA1";
    String out = Redactor.create().redact(sts);
    assertThat(out).doesNotContain("CAIStok").contains("SecurityToken%3D***%26SignatureMethod")
        .contains("AccessKeyId%3DLTAI5t");
  }

  @Test
  void masksJsonMembersAndHeaderLines() {
    Redactor r = Redactor.create();
    String json = "{\"AccessKeyId\":\"STS.id\",\"AccessKeySecret\":\"sk\\\"quoted\",\"SecurityToken\" : \"tk\","
        + "\"Expiration\":\"2026-12-07T03:00:00Z\"}";
    assertThat(r.redact(json)).isEqualTo("{\"AccessKeyId\":\"STS.id\",\"AccessKeySecret\":\"***\","
        + "\"SecurityToken\" : \"***\",\"Expiration\":\"2026-12-07T03:00:00Z\"}");
    String headers = "Authorization: ACS3-HMAC-SHA256 Credential=LTAI,SignedHeaders=host,Signature=ff00\n"
        + "x-acs-security-token: tok\nCookie: session=1\nx-acs-action: DescribeInstances";
    assertThat(r.redact(headers)).isEqualTo("Authorization: ACS3-HMAC-SHA256 ***\nx-acs-security-token: ***\n"
        + "Cookie: ***\nx-acs-action: DescribeInstances");
  }

  @Test
  void redactsUrlsKeepingParameterOrder() {
    Redactor r = Redactor.create().sensitiveQueryParameters("X-Custom-Sig");
    HttpUrl url = HttpUrl.get("https://user:pw@ecs-vpc.cn-hangzhou.aliyuncs.com/?Action=DescribeInstances"
        + "&Signature=zz%2F&x-custom-sig=1&AccessKeyId=LTAI&Flag");
    assertThat(r.redactUrl(url)).isEqualTo("https://user:***@ecs-vpc.cn-hangzhou.aliyuncs.com/?Action=DescribeInstances"
        + "&Signature=***&x-custom-sig=***&AccessKeyId=LTAI&Flag");
    assertThat(r.redactUrl(null)).isEmpty();
  }

  @Test
  void redactsHeadersKeepingTheAuthorizationScheme() {
    Redactor r = Redactor.create().sensitiveHeaders("X-Vendor-Key").secret("inner-secret");
    Headers h = new Headers.Builder().add("Authorization", "Bearer abc.def").add("X-Auth-Token", "t")
        .add("X-Vendor-Key", "k").add("X-Note", "contains inner-secret").add("Proxy-Authorization", "opaque")
        .build();
    assertThat(r.redactHeaders(h)).isEqualTo("Authorization: Bearer ***\nX-Auth-Token: ***\nX-Vendor-Key: ***\n"
        + "X-Note: contains ***\nProxy-Authorization: ***");
    assertThat(r.isSensitiveHeader("x-vendor-key")).isTrue();
    assertThat(r.isSensitiveHeader("Content-Type")).isFalse();
    assertThat(r.isSensitiveQueryParameter("signature")).isTrue();
    assertThat(r.isSensitiveQueryParameter("AccessKeyId")).isFalse();
  }

  @Test
  void keepsOnlyTheMostRecentSecrets() {
    Redactor r = Redactor.create();
    for (int i = 0; i <= Redactor.MAX_SECRETS; i++) {
      r.secret("rotated-secret-" + i + "-end");
    }
    assertThat(r.redact("rotated-secret-0-end")).isEqualTo("rotated-secret-0-end");
    assertThat(r.redact("rotated-secret-1-end")).isEqualTo("***");
    assertThat(r.redact("rotated-secret-" + Redactor.MAX_SECRETS + "-end")).isEqualTo("***");
    assertThat(r.toString()).contains("secrets=" + Redactor.MAX_SECRETS).doesNotContain("rotated");
  }

  @Test
  void secretsAddedConcurrentlyAreAllMasked() throws Exception {
    Redactor r = Redactor.create();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int id = t;
      Thread th = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        for (int i = 0; i < 10; i++) {
          r.secret("thread" + id + "secret" + i);
          r.redact("busy thread" + id + "secret" + i);
        }
      });
      th.start();
      threads.add(th);
    }
    start.countDown();
    for (Thread th : threads) {
      th.join(TimeUnit.SECONDS.toMillis(10));
    }
    for (int t = 0; t < 4; t++) {
      for (int i = 0; i < 10; i++) {
        assertThat(r.redact("x thread" + t + "secret" + i + " y")).isEqualTo("x *** y");
      }
    }
  }
}
