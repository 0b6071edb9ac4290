package dev.ccm4j.kubeapi.admission;

import static dev.ccm4j.kubeapi.admission.AdmissionFixtures.causes;
import static dev.ccm4j.kubeapi.admission.AdmissionFixtures.error;
import static dev.ccm4j.kubeapi.admission.AdmissionFixtures.svc;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.ccm4j.kubeapi.ApiError;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceAdmissionValidationTest {
  private final ServiceAdmission admission = new ServiceAdmission("10.96.0.0/12", 30000, 32767);

  private List<String> rejected(String spec) {
    return causes(error(() -> admission.onCreate(svc("bad", spec))));
  }

  @Test
  void collectsEveryPortProblem() {
    List<String> causes = rejected("{'ports':[{'name':'web','port':80},{'port':0,'protocol':'HTTP'},"
        + "{'name':'web','port':80,'targetPort':70000},{'name':'Bad_Name','port':81,'targetPort':'no--good'}]}");
    assertThat(causes).containsExactly(
        "spec.ports[1].name: Required value",
        "spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive",
        "spec.ports[1].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
        // targetPort defaults to port, so a zero port is reported twice, as by the real server.
        "spec.ports[1].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive",
        "spec.ports[2].name: Duplicate value: \"web\"",
        "spec.ports[2].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
        "spec.ports[2]: Duplicate value: core.ServicePort{Port:80, Protocol:\"TCP\"}",
        "spec.ports[3].name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 label must consist of lower case"
            + " alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g."
            + " 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
        "spec.ports[3].targetPort: Invalid value: \"no--good\": must not contain consecutive hyphens");
  }

  @Test
  void sameNumberWithDifferentProtocolsIsFine() {
    JsonObject s = svc("dns", "{'ports':[{'name':'a','port':53},{'name':'b','port':53,'protocol':'UDP'},"
        + "{'name':'c','port':54,'protocol':'SCTP'}]}");
    admission.onCreate(s);
  }

  @Test
  void portsAreRequiredExceptForHeadlessAndExternalName() {
    assertThat(rejected("{}")).containsExactly("spec.ports: Required value");
  }

  @Test
  void nodePortRules() {
    assertThat(rejected("{'ports':[{'port':80,'nodePort':30001}]}")).containsExactly(
        "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'");
    assertThat(rejected("{'type':'NodePort','ports':[{'name':'a','port':80,'nodePort':30001},"
        + "{'name':'b','port':81,'nodePort':30001}]}")).containsExactly(
        "spec.ports[1].nodePort: Duplicate value: 30001");
    assertThat(rejected("{'type':'NodePort','ports':[{'port':80,'nodePort':70000}]}")).containsExactly(
        "spec.ports[0].nodePort: Invalid value: 70000: must be between 1 and 65535, inclusive");
  }

  @Test
  void enumsAndPolicies() {
    assertThat(rejected("{'type':'Fancy','ports':[{'port':80}]}")).containsExactly(
        "spec.type: Unsupported value: \"Fancy\": supported values: \"ClusterIP\", \"ExternalName\","
            + " \"LoadBalancer\", \"NodePort\"");
    assertThat(rejected("{'sessionAffinity':'Sticky','ports':[{'port':80}]}")).containsExactly(
        "spec.sessionAffinity: Unsupported value: \"Sticky\": supported values: \"ClientIP\", \"None\"");
    assertThat(rejected("{'type':'NodePort','externalTrafficPolicy':'Nearest','ports':[{'port':80}]}"))
        .containsExactly("spec.externalTrafficPolicy: Unsupported value: \"Nearest\": supported values: \"Cluster\","
            + " \"Local\"");
    assertThat(rejected("{'externalTrafficPolicy':'Local','ports':[{'port':80}]}")).containsExactly(
        "spec.externalTrafficPolicy: Invalid value: \"Local\": may only be set for externally-accessible services");
    assertThat(rejected("{'internalTrafficPolicy':'Far','ports':[{'port':80}]}")).containsExactly(
        "spec.internalTrafficPolicy: Unsupported value: \"Far\": supported values: \"Cluster\", \"Local\"");
    assertThat(rejected("{'type':'LoadBalancer','healthCheckNodePort':31000,'ports':[{'port':80}]}"))
        .containsExactly("spec.healthCheckNodePort: Invalid value: 31000: may only be set when `type` is"
            + " 'LoadBalancer' and `externalTrafficPolicy` is 'Local'");
    assertThat(rejected("{'ipFamilyPolicy':'TripleStack','ports':[{'port':80}]}")).containsExactly(
        "spec.ipFamilyPolicy: Unsupported value: \"TripleStack\": supported values: \"PreferDualStack\","
            + " \"RequireDualStack\", \"SingleStack\"");
    assertThat(rejected("{'ipFamilies':['IPv5'],'ports':[{'port':80}]}")).containsExactly(
        "spec.ipFamilies[0]: Unsupported value: \"IPv5\": supported values: \"IPv4\", \"IPv6\"");
  }

  @Test
  void loadBalancerOnlyFields() {
    assertThat(rejected("{'loadBalancerSourceRanges':['10.0.0.0/8','nonsense'],'loadBalancerClass':'x/y',"
        + "'allocateLoadBalancerNodePorts':true,'ports':[{'port':80}]}")).containsExactly(
        "spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'",
        "spec.LoadBalancerSourceRanges[1]: Invalid value: \"nonsense\": must be a valid CIDR value, (e.g."
            + " 10.9.8.0/24 or 2001:db8::/64)",
        "spec.loadBalancerClass: Forbidden: may only be used when `type` is 'LoadBalancer'",
        "spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is 'LoadBalancer'");
    assertThat(rejected("{'type':'LoadBalancer','loadBalancerClass':'-bad-','ports':[{'port':80}]}"))
        .singleElement().asString().startsWith("spec.loadBalancerClass: Invalid value: \"-bad-\": name part must");
    JsonObject ok = svc("ok", "{'type':'LoadBalancer','loadBalancerClass':'example.com/internal-vip',"
        + "'loadBalancerSourceRanges':[' 10.0.0.0/8','2001:db8::/64'],'ports':[{'port':80}]}");
    admission.onCreate(ok);
  }

  @Test
  void externalNameRules() {
    assertThat(rejected("{'type':'ExternalName'}")).containsExactly("spec.externalName: Required value");
    assertThat(rejected("{'type':'ExternalName','externalName':'Not A Host'}")).singleElement().asString()
        .startsWith("spec.externalName: Invalid value: \"Not A Host\": a lowercase RFC 1123 subdomain");
    assertThat(rejected("{'type':'ExternalName','externalName':'db.example.com','clusterIP':'10.96.0.9'}"))
        .containsExactly("spec.clusterIPs: Forbidden: may not be set for ExternalName services");
  }

  @Test
  void clusterIpRules() {
    assertThat(rejected("{'type':'LoadBalancer','clusterIP':'None','ports':[{'port':80}]}")).containsExactly(
        "spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for LoadBalancer services");
    assertThat(rejected("{'externalIPs':['1.2.3.4','nope'],'ports':[{'port':80}]}")).containsExactly(
        "spec.externalIPs[1]: Invalid value: \"nope\": must be a valid IP address, (e.g. 10.9.8.7 or"
            + " 2001:db8::ffff)");
  }

  @Test
  void theWholeErrorIsShapedLikeTheRealServers() {
    ApiError e = error(() -> admission.onCreate(svc("web", "{'ports':[{'port':0}],'sessionAffinity':'x'}")));
    assertThat(e.code()).isEqualTo(422);
    assertThat(e.reason()).isEqualTo("Invalid");
    assertThat(e.getMessage()).isEqualTo("Service \"web\" is invalid: [spec.ports[0].port: Invalid value: 0: must be"
        + " between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535,"
        + " inclusive, spec.sessionAffinity: Unsupported value: \"x\": supported values:"
        + " \"ClientIP\", \"None\"]");
    JsonObject details = e.toStatus().getAsJsonObject("details");
    assertThat(details.get("name").getAsString()).isEqualTo("web");
    assertThat(details.get("kind").getAsString()).isEqualTo("Service");
  }

  @Test
  void wronglyTypedFieldsAreBadRequests() {
    assertThat(error(() -> admission.onCreate(svc("t", "{'ports':[{'port':'eighty'}]}"))).code()).isEqualTo(400);
  }
}
