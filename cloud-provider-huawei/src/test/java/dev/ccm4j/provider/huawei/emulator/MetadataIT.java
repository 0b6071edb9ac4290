package dev.ccm4j.provider.huawei.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ccm4j.testkit.time.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The metadata service: the instance's identity and the temporary keys the signature check accepts. */
class MetadataIT {
  private final MutableClock clock = new MutableClock();
  private final HttpClient http = HttpClient.newHttpClient();
  private HuaweiEmulator cloud;

  @BeforeEach
  void start() {
    cloud = HuaweiEmulator.builder().clock(clock).instances(2).securityKeyLifetime(Duration.ofMinutes(30)).build()
        .start();
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  @Test
  void metaDataNamesTheFirstInstance() throws Exception {
    HttpResponse<String> r = get("/openstack/latest/meta_data.json");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject o = JsonParser.parseString(r.body()).getAsJsonObject();
    String first = cloud.control().instances().get(0).id();
    assertThat(cloud.metadataInstanceId()).contains(first);
    assertThat(o.get("uuid").getAsString()).isEqualTo(first);
    assertThat(o.get("name").getAsString()).isEqualTo("ccm4j-node-1");
    assertThat(o.get("availability_zone").getAsString()).isEqualTo("cn-north-4a");
    assertThat(o.get("region_id").getAsString()).isEqualTo("cn-north-4");
    assertThat(o.get("project_id").getAsString()).isEqualTo(cloud.projectId());
    assertThat(get("/openstack/latest/nothing").statusCode()).isEqualTo(404);
  }

  @Test
  void securityKeyRoundTripAndExpiryOnTheClock() throws Exception {
    JsonObject credential = securityKey();
    String ak = credential.get("access").getAsString();
    String sk = credential.get("secret").getAsString();
    String token = credential.get("securitytoken").getAsString();
    Instant expires = Instant.parse(credential.get("expires_at").getAsString());
    assertThat(expires).isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
    assertThat(credential.get("expires_at").getAsString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");

    SignedWire temp = new SignedWire(cloud, clock).temporary(ak, sk, token);
    String detail = temp.p("v1") + "/cloudservers/detail";
    SignedWire.Answer ok = temp.get(detail);
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);

    // without the token, or with another one, the temporary key is refused
    SignedWire noToken = new SignedWire(cloud.endpoint(), ak, sk, cloud.projectId(), clock);
    assertThat(noToken.get(detail).status()).isEqualTo(401);
    SignedWire wrongToken = new SignedWire(cloud.endpoint(), ak, sk, cloud.projectId(), clock)
        .temporary(ak, sk, token + "x");
    assertThat(wrongToken.get(detail).status()).isEqualTo(401);

    // the same key is handed out until half its life is over, then a new one; the old one works until it expires
    clock.advance(Duration.ofMinutes(10));
    assertThat(securityKey().get("access").getAsString()).isEqualTo(ak);
    clock.advance(Duration.ofMinutes(6));
    JsonObject next = securityKey();
    assertThat(next.get("access").getAsString()).isNotEqualTo(ak);
    assertThat(temp.get(detail).status()).isEqualTo(200);

    clock.advance(Duration.ofMinutes(15));
    SignedWire.Answer expired = temp.get(detail);
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.object().get("error_msg").getAsString()).contains("expired");
    SignedWire renewed = new SignedWire(cloud, clock).temporary(next.get("access").getAsString(),
        next.get("secret").getAsString(), next.get("securitytoken").getAsString());
    assertThat(renewed.get(detail).status()).isEqualTo(200);

    cloud.revokeTemporaryCredentials();
    assertThat(renewed.get(detail).status()).isEqualTo(401);
  }

  @Test
  void metadataNeedsNoSignatureAndIsInTheJournal() throws Exception {
    assertThat(get("/openstack/latest/securitykey").statusCode()).isEqualTo(200);
    assertThat(cloud.control().journal("GetSecurityKey")).hasSize(1);
  }

  private JsonObject securityKey() throws Exception {
    HttpResponse<String> r = get("/openstack/latest/securitykey");
    assertThat(r.statusCode()).isEqualTo(200);
    return JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonObject("credential");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(cloud.endpoint() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
