package dev.ccm4j.kubeapi.admission;

import static dev.ccm4j.kubeapi.admission.AdmissionFixtures.healthCheckNodePort;
import static dev.ccm4j.kubeapi.admission.AdmissionFixtures.list;
import static dev.ccm4j.kubeapi.admission.AdmissionFixtures.nodePort;
import static dev.ccm4j.kubeapi.admission.AdmissionFixtures.port;
import static dev.ccm4j.kubeapi.admission.AdmissionFixtures.spec;
import static dev.ccm4j.kubeapi.admission.AdmissionFixtures.str;
import static dev.ccm4j.kubeapi.admission.AdmissionFixtures.svc;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class ServiceAdmissionDefaultsTest {
  private final ServiceAdmission admission = new ServiceAdmission("10.96.0.0/12", 30000, 32767);

  @Test
  void clusterIpServiceGetsEveryDefault() {
    JsonObject s = svc("web", "{'selector':{'app':'web'},'ports':[{'port':80}],'futureField':{'kept':1}}");
    admission.onCreate(s);
    assertThat(str(s, "type")).isEqualTo("ClusterIP");
    assertThat(str(s, "sessionAffinity")).isEqualTo("None");
    assertThat(port(s, 0).get("protocol").getAsString()).isEqualTo("TCP");
    assertThat(port(s, 0).get("targetPort").getAsInt()).isEqualTo(80);
    assertThat(port(s, 0).has("nodePort")).isFalse();
    assertThat(str(s, "ipFamilyPolicy")).isEqualTo("SingleStack");
    assertThat(list(s, "ipFamilies")).containsExactly("IPv4");
    assertThat(str(s, "clusterIP")).isEqualTo("10.96.0.2");
    assertThat(list(s, "clusterIPs")).containsExactly("10.96.0.2");
    assertThat(str(s, "internalTrafficPolicy")).isEqualTo("Cluster");
    assertThat(spec(s).has("externalTrafficPolicy")).isFalse();
    assertThat(spec(s).has("allocateLoadBalancerNodePorts")).isFalse();
    assertThat(spec(s).getAsJsonObject("futureField").get("kept").getAsInt()).isEqualTo(1);
  }

  @Test
  void namedTargetPortIsKept() {
    JsonObject s = svc("web", "{'ports':[{'port':80,'targetPort':'http'}]}");
    admission.onCreate(s);
    assertThat(port(s, 0).get("targetPort").getAsString()).isEqualTo("http");
  }

  @Test
  void loadBalancerDefaults() {
    JsonObject s = svc("lb", "{'type':'LoadBalancer','ports':[{'port':443}]}");
    admission.onCreate(s);
    assertThat(str(s, "externalTrafficPolicy")).isEqualTo("Cluster");
    assertThat(spec(s).get("allocateLoadBalancerNodePorts").getAsBoolean()).isTrue();
    assertThat(nodePort(s, 0)).isBetween(30000, 32767);
    assertThat(healthCheckNodePort(s)).isZero();
  }

  @Test
  void nodePortServiceDefaultsExternalTrafficPolicy() {
    JsonObject s = svc("np", "{'type':'NodePort','ports':[{'port':80}]}");
    admission.onCreate(s);
    assertThat(str(s, "externalTrafficPolicy")).isEqualTo("Cluster");
    assertThat(nodePort(s, 0)).isEqualTo(30000);
  }

  @Test
  void clientIpAffinityGetsTheDefaultTimeout() {
    JsonObject s = svc("a", "{'sessionAffinity':'ClientIP','ports':[{'port':80}]}");
    admission.onCreate(s);
    assertThat(spec(s).getAsJsonObject("sessionAffinityConfig"))
        .isEqualTo(JsonParser.parseString("{\"clientIP\":{\"timeoutSeconds\":10800}}"));
  }

  @Test
  void loadBalancerIngressIpGetsIpModeVip() {
    JsonObject s = svc("lb", "{'type':'LoadBalancer','ports':[{'port':80}]}");
    s.add("status", JsonParser.parseString("{\"loadBalancer\":{\"ingress\":[{\"ip\":\"1.2.3.4\"},{\"hostname\":\"h\"}]}}"));
    admission.onCreate(s);
    assertThat(s.getAsJsonObject("status").toString())
        .isEqualTo("{\"loadBalancer\":{\"ingress\":[{\"ip\":\"1.2.3.4\",\"ipMode\":\"VIP\"},{\"hostname\":\"h\"}]}}");
  }

  @Test
  void headlessServiceGetsNoAddress() {
    JsonObject s = svc("h", "{'clusterIP':'None','selector':{'app':'x'},'ports':[{'port':80}]}");
    admission.onCreate(s);
    assertThat(list(s, "clusterIPs")).containsExactly("None");
    assertThat(str(s, "ipFamilyPolicy")).isEqualTo("SingleStack");
    JsonObject selectorless = svc("h2", "{'clusterIP':'None'}");
    admission.onCreate(selectorless);
    assertThat(str(selectorless, "ipFamilyPolicy")).isEqualTo("RequireDualStack");
    assertThat(list(selectorless, "ipFamilies")).containsExactly("IPv4");
  }

  @Test
  void externalNameServiceGetsNoAddressAndNoPorts() {
    JsonObject s = svc("ext", "{'type':'ExternalName','externalName':'db.example.com'}");
    admission.onCreate(s);
    assertThat(spec(s).has("clusterIP")).isFalse();
    assertThat(spec(s).has("ipFamilies")).isFalse();
    assertThat(spec(s).has("internalTrafficPolicy")).isFalse();
  }
}
