package dev.ccm4j.provider.inspur.emulator;

import dev.ccm4j.testkit.time.MutableClock;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.ccm4j.cloud.emulator.JournalEntry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Keycloak token endpoint and the bearer-token check of the SLB API, over real HTTP. */
class KeycloakTokenIT {
  /** A secret that only survives a properly form-encoded body. */
  private static final String AWKWARD_SECRET = "s3cr&t=a+b c%41/é";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T03:00:00Z"));
  private InspurEmulator cloud;
  private Wire wire;

  @BeforeEach
  void start() {
    cloud = InspurEmulator.builder().clientId("kube-ccm").clientSecret(AWKWARD_SECRET).requestedSubject("ops")
        .tokenLifetime(Duration.ofSeconds(300)).clock(clock).instances(0).build().start();
    wire = new Wire(cloud);
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  @Test
  void aProperlyEncodedTokenExchangeAnswersKeycloakJson() {
    Wire.Answer a = wire.token(wire.exchangeForm());

    assertThat(a.status()).as(a.body()).isEqualTo(200);
    assertThat(a.header("Content-Type")).startsWith("application/json");
    JsonObject o = a.object();
    assertThat(o.keySet()).containsExactlyInAnyOrder("access_token", "expires_in", "refresh_expires_in",
        "refresh_token", "token_type", "not-before-policy", "session_state", "scope");
    assertThat(o.get("expires_in").getAsLong()).isEqualTo(300);
    assertThat(o.get("refresh_expires_in").getAsLong()).isEqualTo(1800);
    assertThat(o.get("token_type").getAsString()).isEqualTo("Bearer");
    assertThat(o.get("not-before-policy").getAsInt()).isZero();
    // JWT-shaped like Keycloak's, with the impersonated user as subject and an expiry matching expires_in
    String[] parts = o.get("access_token").getAsString().split("\\.");
    assertThat(parts).hasSize(3);
    JsonObject claims = com.google.gson.JsonParser.parseString(new String(Base64.getUrlDecoder().decode(parts[1]),
        StandardCharsets.UTF_8)).getAsJsonObject();
    assertThat(claims.get("sub").getAsString()).isEqualTo("ops");
    assertThat(claims.get("azp").getAsString()).isEqualTo("kube-ccm");
    assertThat(cloud.keycloakUrl()).startsWith(claims.get("iss").getAsString() + "/protocol/openid-connect/token");
    assertThat(claims.get("exp").getAsLong() - claims.get("iat").getAsLong()).isEqualTo(300);
    // every call gets its own token
    assertThat(wire.accessToken()).isNotEqualTo(o.get("access_token").getAsString());
  }

  @Test
  void theJournalLabelsTokenCallsAndMasksTheSecret() {
    wire.token(wire.exchangeForm());

    List<JournalEntry> entries = cloud.control().journal("Token");
    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).status()).isEqualTo(200);
    assertThat(entries.get(0).params()).containsEntry("client_secret", JournalEntry.MASK)
        .containsEntry("client_id", "kube-ccm");
    assertThat(entries.get(0).toJson().toString()).doesNotContain("s3cr");
  }

  @Test
  void theOriginalsUnencodedBodyFailsAsItWouldAtKeycloak() {
    // exactly how the original CCM concatenates the body: '&', '=', '+' and ' ' in the secret are not encoded
    String raw = "grant_type=" + Wire.EXCHANGE + "&client_id=kube-ccm&client_secret=" + AWKWARD_SECRET
        + "&request_token_type=urn:ietf:params:oauth:token-type:refresh_token&requested_subject=ops&audience=console";

    Wire.Answer a = wire.tokenRequest(raw);

    assertThat(a.status()).isIn(400, 401);
    assertThat(a.object().has("access_token")).isFalse();
    assertThat(a.object().get("error").getAsString()).isNotEmpty();
  }

  @Test
  void aBodyThatIsNotValidFormEncodingIsAKeycloakInvalidRequest() {
    Wire.Answer a = wire.tokenRequest("grant_type=" + Wire.EXCHANGE + "&client_id=kube-ccm&client_secret=100%zz");

    assertThat(a.status()).isEqualTo(400);
    assertThat(a.object().get("error").getAsString()).isEqualTo("invalid_request");
    assertThat(a.object().get("error_description").getAsString()).doesNotContain("zz");
  }

  @Test
  void aPlainSecretWorksUnencodedToo() {
    try (InspurEmulator plain = InspurEmulator.builder().clientSecret("Plain0123secret").instances(0).build()
        .start()) {
      Wire w = new Wire(plain);
      Wire.Answer a = w.tokenRequest("grant_type=" + Wire.EXCHANGE + "&client_id=" + plain.clientId()
          + "&client_secret=Plain0123secret&request_token_type=urn:ietf:params:oauth:token-type:refresh_token"
          + "&requested_subject=ccm4j&audience=console");
      assertThat(a.status()).as(a.body()).isEqualTo(200);
    }
  }

  @Test
  void aWrongSecretOrClientIsUnauthorizedClient() {
    Map<String, String> form = wire.exchangeForm();
    form.put("client_secret", AWKWARD_SECRET + "x");
    Wire.Answer bad = wire.token(form);
    assertThat(bad.status()).isEqualTo(401);
    assertThat(bad.object()).isEqualTo(error("unauthorized_client", "Invalid client or Invalid client credentials"));

    form = wire.exchangeForm();
    form.put("client_id", "someone-else");
    assertThat(wire.token(form).status()).isEqualTo(401);

    form = wire.exchangeForm();
    form.remove("client_secret");
    assertThat(wire.token(form).status()).isEqualTo(401);
    assertThat(cloud.control().journal("Token")).extracting(JournalEntry::errorCode)
        .containsOnly("unauthorized_client");
  }

  @Test
  void anUnsupportedOrMissingGrantIsA400() {
    Map<String, String> form = wire.exchangeForm();
    form.put("grant_type", "password");
    Wire.Answer a = wire.token(form);
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.object().get("error").getAsString()).isEqualTo("unsupported_grant_type");

    form.remove("grant_type");
    a = wire.token(form);
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.object()).isEqualTo(error("invalid_request", "Missing form parameter: grant_type"));
  }

  @Test
  void aWrongSubjectAudienceOrRealmIsRejected() {
    Map<String, String> form = wire.exchangeForm();
    form.put("requested_subject", "root");
    assertThat(wire.token(form).status()).isEqualTo(400);

    form = wire.exchangeForm();
    form.put("audience", "no-such-client");
    assertThat(wire.token(form).object().get("error").getAsString()).isEqualTo("invalid_client");

    String otherRealm = cloud.keycloakUrl().replace("/realms/" + InspurEmulator.REALM + "/", "/realms/master/");
    Wire.Answer a = wire.send(HttpRequest.newBuilder(URI.create(otherRealm))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(Wire.encode(wire.exchangeForm()))));
    assertThat(a.status()).isEqualTo(404);
  }

  @Test
  void onlyAFormPostIsAccepted() {
    assertThat(wire.send(HttpRequest.newBuilder(URI.create(cloud.keycloakUrl())).GET()).status()).isEqualTo(405);
    Wire.Answer json = wire.send(HttpRequest.newBuilder(URI.create(cloud.keycloakUrl()))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(json.status()).isEqualTo(400);
    assertThat(json.object().get("error").getAsString()).isEqualTo("invalid_request");
  }

  @Test
  void clientSecretBasicAuthenticationWorks() {
    Map<String, String> form = wire.exchangeForm();
    form.remove("client_id");
    form.remove("client_secret");
    String basic = Base64.getEncoder().encodeToString(("kube-ccm:" + Wire.query(AWKWARD_SECRET))
        .getBytes(StandardCharsets.UTF_8));
    Wire.Answer a = wire.send(HttpRequest.newBuilder(URI.create(cloud.keycloakUrl()))
        .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Basic " + basic)
        .POST(HttpRequest.BodyPublishers.ofString(Wire.encode(form))));
    assertThat(a.status()).as(a.body()).isEqualTo(200);
  }

  @Test
  void slbCallsNeedAValidUnexpiredBearerToken() {
    String slb = cloud.createLoadBalancer("web");

    Wire.Answer none = wire.slb("GET", "?slbId=" + slb, null, null);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.object().get("code").getAsString()).isEqualTo("Unauthorized");
    assertThat(none.object().has("message")).isTrue();
    assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(wire.slb("GET", "?slbId=" + slb, "forged.token.value", null).status()).isEqualTo(401);

    String token = wire.accessToken();
    assertThat(wire.slb("GET", "?slbId=" + slb, token, null).status()).isEqualTo(200);
    clock.advance(Duration.ofSeconds(299));
    assertThat(wire.slb("GET", "?slbId=" + slb, token, null).status()).isEqualTo(200);
    clock.advance(Duration.ofSeconds(1));
    Wire.Answer expired = wire.slb("GET", "?slbId=" + slb, token, null);
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.object().get("code").getAsString()).isEqualTo("TokenExpired");
    assertThat(cloud.control().journal("DescribeLoadBalancer")).extracting(JournalEntry::status)
        .containsExactly(401, 401, 200, 200, 401);

    // a new token works again; a path the API does not have is a 404 with or without a token
    String fresh = wire.accessToken();
    assertThat(wire.slb("GET", "?slbId=" + slb, fresh, null).status()).isEqualTo(200);
    assertThat(wire.slb("GET", "/" + slb + "/nothing", null, null).status()).isEqualTo(404);
  }

  @Test
  void revokedTokensAreRejected() {
    String slb = cloud.createLoadBalancer("web");
    String token = wire.accessToken();
    assertThat(cloud.revokeTokens()).isEqualTo(1);
    assertThat(wire.slb("GET", "/" + slb + "/listeners", token, null).status()).isEqualTo(401);

    String next = wire.accessToken();
    JsonObject revoked = cloud.control().post("/_ccm4j/tokens/revoke", new JsonObject()).getAsJsonObject();
    assertThat(revoked.get("revoked").getAsInt()).isEqualTo(1);
    assertThat(wire.slb("GET", "/" + slb + "/listeners", next, null).status()).isEqualTo(401);
  }

  private static JsonObject error(String error, String description) {
    JsonObject o = new JsonObject();
    o.addProperty("error", error);
    o.addProperty("error_description", description);
    return o;
  }
}
