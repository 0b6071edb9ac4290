package dev.ccm4j.vendor.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudProviderException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  private static final JsonObject DESCRIBE = Json.parse("""
      {"RequestId":"R1","TotalCount":"2","PageNumber":1,
       "Instances":{"Instance":[
         {"InstanceId":"i-1","Status":"Running","DeletionProtection":"true",
          "VpcAttributes":{"VpcId":"vpc-1","PrivateIpAddress":{"IpAddress":["10.0.0.1","10.0.0.2"]}},
          "PublicIpAddress":{"IpAddress":[]},"Tags":{},"EipAddress":null},
         {"InstanceId":"i-2","Status":"Stopped","DeletionProtection":false,
          "VpcAttributes":{"VpcId":"vpc-1","PrivateIpAddress":{"IpAddress":"10.0.0.3"}},
          "Tags":{"Tag":{"TagKey":"k","TagValue":"v"}}}
       ]},
       "Nested":{"Deep":{"Value":42}}}
      """);

  @Test
  void readsThroughAlibabaWrapperObjects() {
    assertThat(Json.objects(DESCRIBE, "Instances")).extracting(o -> o.get("InstanceId").getAsString())
        .containsExactly("i-1", "i-2");
    assertThat(Json.objects(DESCRIBE, "Instances", "Instance")).hasSize(2);
    JsonObject first = Json.objects(DESCRIBE, "Instances").get(0);
    JsonObject second = Json.objects(DESCRIBE, "Instances").get(1);
    assertThat(Json.strings(first, "VpcAttributes", "PrivateIpAddress")).containsExactly("10.0.0.1", "10.0.0.2");
    assertThat(Json.strings(first, "VpcAttributes", "PrivateIpAddress", "IpAddress")).hasSize(2);
    assertThat(Json.strings(second, "VpcAttributes", "PrivateIpAddress")).containsExactly("10.0.0.3");
    assertThat(Json.strings(first, "PublicIpAddress")).isEmpty();
    assertThat(Json.objects(first, "Tags")).isEmpty();
    assertThat(Json.objects(second, "Tags")).singleElement()
        .satisfies(t -> assertThat(Json.string(t, "TagKey")).contains("k"));
  }

  @Test
  void aRealOneMemberObjectIsNotTakenForAWrapper() {
    JsonObject o = Json.parse("{\"HealthCheck\":{\"Config\":{\"Port\":80}},\"Ids\":{\"Other\":\"x\"}}");
    assertThat(Json.objects(o, "HealthCheck")).singleElement()
        .satisfies(h -> assertThat(Json.number(h, "Config", "Port")).contains(80L));
    assertThatThrownBy(() -> Json.strings(o, "Ids")).isInstanceOf(CloudProviderException.class);
  }

  @Test
  void missingOrNullPathsAreEmpty() {
    JsonObject first = Json.objects(DESCRIBE, "Instances").get(0);
    assertThat(Json.string(first, "EipAddress")).isEmpty();
    assertThat(Json.string(first, "EipAddress", "IpAddress")).isEmpty();
    assertThat(Json.string(DESCRIBE, "No", "Such", "Path")).isEmpty();
    assertThat(Json.number(DESCRIBE, "Missing")).isEmpty();
    assertThat(Json.bool(DESCRIBE, "Missing")).isEmpty();
    assertThat(Json.objects(DESCRIBE, "Missing")).isEmpty();
    assertThat(Json.strings(DESCRIBE, "Missing", "Deeper")).isEmpty();
    assertThat(Json.object(DESCRIBE, "Missing")).isEmpty();
  }

  @Test
  void readsScalarsInTheirSeveralSpellings() {
    assertThat(Json.string(DESCRIBE, "RequestId")).contains("R1");
    assertThat(Json.string(DESCRIBE, "PageNumber")).contains("1");
    assertThat(Json.number(DESCRIBE, "TotalCount")).contains(2L);
    assertThat(Json.number(DESCRIBE, "Nested", "Deep", "Value")).contains(42L);
    assertThat(Json.bool(Json.objects(DESCRIBE, "Instances").get(0), "DeletionProtection")).contains(true);
    assertThat(Json.bool(Json.objects(DESCRIBE, "Instances").get(1), "DeletionProtection")).contains(false);
    assertThat(Json.object(DESCRIBE, "Nested", "Deep")).isPresent();
  }

  @Test
  void wrongTypesNameThePathWithoutQuotingValues() {
    assertThatThrownBy(() -> Json.string(DESCRIBE, "Nested"))
        .isInstanceOf(CloudProviderException.class)
        .hasMessage("JSON member Nested is an object, expected a string");
    assertThatThrownBy(() -> Json.string(DESCRIBE, "RequestId", "Inner"))
        .hasMessage("JSON member RequestId is a string, expected an object");
    assertThatThrownBy(() -> Json.number(DESCRIBE, "RequestId"))
        .hasMessage("JSON member RequestId is not an integer");
    assertThatThrownBy(() -> Json.bool(DESCRIBE, "RequestId"))
        .hasMessage("JSON member RequestId is not a boolean");
    assertThatThrownBy(() -> Json.objects(DESCRIBE, "RequestId"))
        .hasMessage("JSON member RequestId is a string, expected a list of objects");
    assertThatThrownBy(() -> Json.strings(DESCRIBE, "Instances"))
        .hasMessage("JSON member Instances is an object, expected a list of strings");
    assertThatThrownBy(() -> Json.number(Json.parse("{\"n\":1.5}"), "n")).hasMessage("JSON member n is not an integer");
  }

  @Test
  void parseErrorsGivePositionNotContent() {
    assertThatThrownBy(() -> Json.parse("{\"AccessKeySecret\": \"hunter2\" oops"))
        .isInstanceOf(CloudProviderException.class)
        .hasMessageStartingWith("JSON is not valid JSON")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> Json.parse("[\"hunter2\"]")).hasMessage("JSON is an array, expected a JSON object");
    assertThatThrownBy(() -> Json.parse("  ")).hasMessage("JSON is empty, expected a JSON object");
    VendorResponse html = VendorResponse.builder(502).operation("DescribeInstances")
        .body("<html>secret-page</html>").build();
    assertThatThrownBy(html::json).hasMessageStartingWith("response of DescribeInstances (HTTP 502) is not valid JSON")
        .hasMessageNotContaining("secret-page");
  }

  @Test
  void gsonKeepsCharactersAsSent() {
    assertThat(Json.toJson(Map.of("q", "a=b&c<d"))).isEqualTo("{\"q\":\"a=b&c<d\"}");
    assertThat(Json.object(Map.of("n", 1)).get("n").getAsInt()).isEqualTo(1);
  }

  @Test
  void errorBodiesParseLenientlyToAnObjectOrNothing() {
    assertThat(Json.tryParseObject(" {\"Code\":\"Throttling.User\"} ")).hasValueSatisfying(o ->
        assertThat(o.get("Code").getAsString()).isEqualTo("Throttling.User"));
    assertThat(Json.tryParseObject(null)).isEmpty();
    assertThat(Json.tryParseObject("")).isEmpty();
    assertThat(Json.tryParseObject("<html>502 Bad Gateway</html>")).isEmpty();
    assertThat(Json.tryParseObject("[1,2]")).isEmpty();
    assertThat(Json.tryParseObject("{\"Code\":")).as("truncated").isEmpty();
  }
}
