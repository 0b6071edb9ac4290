package dev.ccm4j.provider.huawei.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.ccm4j.testkit.time.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API gateway's AK/SK check: what it accepts, what it rejects and how the rejection looks. */
class SignatureIT {
  private final MutableClock clock = new MutableClock();
  private HuaweiEmulator cloud;
  private SignedWire wire;

  @BeforeEach
  void start() {
    cloud = HuaweiEmulator.builder().clock(clock).instances(1).build().start();
    wire = new SignedWire(cloud, clock);
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  private String detail() {
    return wire.p("v1") + "/cloudservers/detail";
  }

  @Test
  void theOfficialSdkHeaderSetIsAccepted() {
    SignedWire.Answer a = wire.get(detail() + "?limit=10&offset=1");
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    assertThat(a.header("X-Request-Id")).matches("[0-9a-f]{32}");
  }

  @Test
  void contentTypeSignedOrNotIsAcceptedAndAnUnsignedPayloadToo() {
    JsonObject body = new JsonObject();
    JsonObject add = new JsonObject();
    add.addProperty("name", "ccm4j-nodes");
    body.add("addSecurityGroup", add);
    String server = cloud.control().instances().get(0).id();
    String action = wire.p("v2.1") + "/servers/" + server + "/action";
    // the official SDK: content-type is never signed
    assertThat(wire.request("POST", action).body(body).send().status()).isEqualTo(202);
    // an older signer (the APIGW one) signs content-type too
    JsonObject remove = new JsonObject();
    remove.add("removeSecurityGroup", add);
    SignedWire.Answer signedType = wire.request("POST", action).body(remove).alsoSign("content-type").send();
    assertThat(signedType.status()).as(signedType.body()).isEqualTo(202);
    // the SDK's way for non-JSON bodies: the payload hash is the literal UNSIGNED-PAYLOAD, sent in a header
    SignedWire.Answer unsigned = wire.request("POST", action).body(body).header("X-Sdk-Content-Sha256",
        "UNSIGNED-PAYLOAD").send();
    assertThat(unsigned.status()).as(unsigned.body()).isEqualTo(202);
  }

  @Test
  void hostMayBeLeftOutOfTheSignedSet() {
    SignedWire.Answer a = wire.request("GET", detail()).signed("x-project-id", "x-sdk-date").send();
    assertThat(a.status()).as(a.body()).isEqualTo(200);
  }

  @Test
  void aWrongSecretIsRejectedInTheGatewayShape() {
    SignedWire.Answer a = wire.request("GET", detail()).secret("not-the-secret-key").send();
    assertThat(a.status()).isEqualTo(401);
    JsonObject o = a.object();
    assertThat(o.get("error_code").getAsString()).isEqualTo("APIGW.0301");
    assertThat(o.get("error_msg").getAsString())
        .isEqualTo("Incorrect IAM authentication information: verify aksk signature fail");
    assertThat(o.get("request_id").getAsString()).isEqualTo(a.header("X-Request-Id"));
  }

  @Test
  void anUnknownAccessKeyIsNamedInTheMessage() {
    SignedWire other = new SignedWire(cloud.endpoint(), "NOSUCHKEY0000000000", cloud.secretKey(),
        cloud.projectId(), clock);
    SignedWire.Answer a = other.get(detail());
    assertThat(a.status()).isEqualTo(401);
    assertThat(a.object().get("error_msg").getAsString()).contains("ak NOSUCHKEY0000000000 not exist");
  }

  @Test
  void aTamperedQueryIsRejected() {
    SignedWire.Answer a = wire.request("GET", detail() + "?ip_eq=192.168.0.2").send(detail() + "?ip_eq=192.168.0.3")
        .send();
    assertThat(a.status()).isEqualTo(401);
    assertThat(a.object().get("error_code").getAsString()).isEqualTo("APIGW.0301");
  }

  @Test
  void aTamperedBodyIsRejected() {
    JsonObject signed = new JsonObject();
    signed.addProperty("n", 1);
    JsonObject sent = new JsonObject();
    sent.addProperty("n", 2);
    SignedWire.Answer a = wire.request("POST", wire.p("v1") + "/publicips").body(signed).sendBody(sent).send();
    assertThat(a.status()).isEqualTo(401);
    assertThat(a.object().get("error_msg").getAsString()).endsWith("verify aksk signature fail");
  }

  @Test
  void aStaleOrFutureDateIsRejectedAndFifteenMinutesIsTheLimit() {
    assertThat(wire.request("GET", detail()).date(clock.instant().minus(Duration.ofMinutes(16))).send().status())
        .isEqualTo(401);
    assertThat(wire.request("GET", detail()).date(clock.instant().plus(Duration.ofMinutes(16))).send().status())
        .isEqualTo(401);
    assertThat(wire.request("GET", detail()).date(clock.instant().minus(Duration.ofMinutes(14))).send().status())
        .isEqualTo(200);
    // the emulator's clock is what counts, not the wall clock
    clock.advance(Duration.ofHours(3));
    assertThat(wire.get(detail()).status()).isEqualTo(200);
  }

  @Test
  void xSdkDateMustBeSigned() {
    SignedWire.Answer a = wire.request("GET", detail()).signed("host", "x-project-id").send();
    assertThat(a.status()).isEqualTo(401);
    assertThat(a.object().get("error_msg").getAsString()).contains("x-sdk-date");
  }

  @Test
  void aSignedHeaderThatIsChangedOrNotSentIsRejected() {
    SignedWire.Answer changed = wire.request("GET", detail()).tamperHeader("user-agent", "another-agent").send();
    assertThat(changed.status()).isEqualTo(401);
    SignedWire.Answer dropped = wire.request("GET", detail()).header("x-extra", "v").alsoSign("x-extra")
        .tamperHeader("x-extra", null).send();
    assertThat(dropped.status()).isEqualTo(401);
    assertThat(dropped.object().get("error_msg").getAsString()).contains("x-extra");
    // an unsigned header may change freely
    assertThat(wire.request("GET", detail()).header("x-extra", "v").tamperHeader("x-extra", "w").send().status())
        .isEqualTo(200);
  }

  @Test
  void noAuthorizationIsRejectedButAnUnknownPathIsA404First() {
    SignedWire.Answer none = wire.request("GET", detail()).unsigned().send();
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.object().get("error_code").getAsString()).isEqualTo("APIGW.0301");
    SignedWire.Answer unknown = wire.request("GET", wire.p("v1") + "/no-such-api").unsigned().send();
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.object().get("error_code").getAsString()).isEqualTo("APIGW.0101");
  }

  @Test
  void percentEncodedQueryValuesVerify() {
    SignedWire.Answer a = wire.get(detail() + "?name=" + java.net.URLEncoder.encode("^ccm4j-node-1$",
        java.nio.charset.StandardCharsets.UTF_8));
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    assertThat(a.object().get("count").getAsInt()).isEqualTo(1);
    SignedWire.Answer spaces = wire.get(detail() + "?name=a%20b%2Bc");
    assertThat(spaces.status()).as(spaces.body()).isEqualTo(200);
  }

  @Test
  void anotherProjectIsForbidden() {
    SignedWire.Answer header = wire.request("GET", detail()).header("x-project-id", "0".repeat(32)).send();
    assertThat(header.status()).isEqualTo(403);
    assertThat(header.object().get("error_code").getAsString()).isEqualTo("APIGW.0302");
    SignedWire.Answer path = wire.get("/v1/" + "0".repeat(32) + "/cloudservers/detail");
    assertThat(path.status()).isEqualTo(403);
    // the header may be left out: the path's project must still be ours
    SignedWire.Answer noHeader = wire.request("GET", detail()).header("x-project-id", null)
        .signed("host", "x-sdk-date").send();
    assertThat(noHeader.status()).as(noHeader.body()).isEqualTo(200);
  }
}
