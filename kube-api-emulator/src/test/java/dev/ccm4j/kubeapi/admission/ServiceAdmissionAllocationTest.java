package dev.ccm4j.kubeapi.admission;

import static dev.ccm4j.kubeapi.admission.AdmissionFixtures.causes;
import static dev.ccm4j.kubeapi.admission.AdmissionFixtures.error;
import static dev.ccm4j.kubeapi.admission.AdmissionFixtures.healthCheckNodePort;
import static dev.ccm4j.kubeapi.admission.AdmissionFixtures.list;
import static dev.ccm4j.kubeapi.admission.AdmissionFixtures.nodePort;
import static dev.ccm4j.kubeapi.admission.AdmissionFixtures.str;
import static dev.ccm4j.kubeapi.admission.AdmissionFixtures.svc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.google.gson.JsonObject;
import dev.ccm4j.kubeapi.ApiError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServiceAdmissionAllocationTest {

  @Test
  void clusterIpsAreUniqueAndSkipTheNetworkAndFirstHost() {
    ServiceAdmission admission = new ServiceAdmission("10.0.0.0/24", 30000, 32767);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 253; i++) {
      JsonObject s = svc("s" + i, "{'ports':[{'port':80}]}");
      admission.onCreate(s);
      assertThat(seen.add(str(s, "clusterIP"))).isTrue();
    }
    assertThat(seen).doesNotContain("10.0.0.0", "10.0.0.1", "10.0.0.255").contains("10.0.0.2", "10.0.0.254");
    ApiError full = error(() -> admission.onCreate(svc("one-too-many", "{'ports':[{'port':80}]}")));
    assertThat(full.code()).isEqualTo(500);
    assertThat(full.getMessage()).isEqualTo("Internal error occurred: failed to allocate a serviceIP: range is full");
  }

  @Test
  void exhaustionOfATinyRangeLeaksNothing() {
    // /29: .0 network, .1 kept for the kubernetes Service, .7 broadcast: five addresses.
    ServiceAdmission admission = new ServiceAdmission("10.0.0.0/29", 30000, 30002);
    List<JsonObject> services = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      JsonObject s = svc("np" + i, "{'type':'NodePort','ports':[{'port':80}]}");
      admission.onCreate(s);
      services.add(s);
    }
    // IPs are left but node ports are not: the 500 must release the IP it took.
    ApiError full = error(() -> admission.onCreate(svc("np3", "{'type':'NodePort','ports':[{'port':80}]}")));
    assertThat(full.code()).isEqualTo(500);
    assertThat(full.getMessage()).contains("failed to allocate a nodePort: range is full");
    for (int i = 3; i < 5; i++) {
      admission.onCreate(svc("c" + i, "{'ports':[{'port':80}]}"));
    }
    assertThat(error(() -> admission.onCreate(svc("c5", "{'ports':[{'port':80}]}"))).code()).isEqualTo(500);
    // Deleting frees both kinds of allocation for reuse.
    admission.onDelete(services.get(1));
    JsonObject again = svc("again", "{'type':'NodePort','ports':[{'port':80}]}");
    admission.onCreate(again);
    assertThat(nodePort(again, 0)).isEqualTo(nodePort(services.get(1), 0));
    assertThat(str(again, "clusterIP")).isEqualTo(str(services.get(1), "clusterIP"));
  }

  @Test
  void failedValidationAllocatesNothing() {
    ServiceAdmission admission = new ServiceAdmission("10.0.0.0/29", 30000, 30000);
    ApiError e = error(() -> admission.onCreate(svc("bad", "{'type':'NodePort','sessionAffinity':'Sticky',"
        + "'ports':[{'port':80}]}")));
    assertThat(e.code()).isEqualTo(422);
    JsonObject ok = svc("ok", "{'type':'NodePort','ports':[{'port':80}]}");
    admission.onCreate(ok);
    assertThat(nodePort(ok, 0)).isEqualTo(30000);
    assertThat(str(ok, "clusterIP")).isEqualTo("10.0.0.2");
  }

  @Test
  void requestedNodePortIsHonouredIfFreeAndInRange() {
    ServiceAdmission admission = new ServiceAdmission("10.96.0.0/12", 30000, 32767);
    JsonObject first = svc("a", "{'type':'NodePort','ports':[{'port':80,'nodePort':31000}]}");
    admission.onCreate(first);
    assertThat(nodePort(first, 0)).isEqualTo(31000);

    ApiError taken = error(() -> admission.onCreate(svc("b", "{'type':'NodePort','ports':[{'port':80,"
        + "'protocol':'UDP','nodePort':31000}]}")));
    assertThat(causes(taken)).containsExactly(
        "spec.ports[0].nodePort: Invalid value: 31000: provided port is already allocated");
    ApiError outside = error(() -> admission.onCreate(svc("c", "{'type':'NodePort','ports':[{'port':80,"
        + "'nodePort':80}]}")));
    assertThat(causes(outside)).containsExactly("spec.ports[0].nodePort: Invalid value: 80: provided port is not in"
        + " the valid range. The range of valid ports is 30000-32767");
    assertThat(outside.getMessage()).startsWith("Service \"c\" is invalid: spec.ports[0].nodePort");
  }

  @Test
  void tcpAndUdpOfOneServicePortShareANodePort() {
    ServiceAdmission admission = new ServiceAdmission("10.96.0.0/12", 30000, 32767);
    JsonObject dns = svc("dns", "{'type':'NodePort','ports':[{'name':'tcp','port':53,'protocol':'TCP'},"
        + "{'name':'udp','port':53,'protocol':'UDP'},{'name':'metrics','port':9153}]}");
    admission.onCreate(dns);
    assertThat(nodePort(dns, 0)).isEqualTo(nodePort(dns, 1));
    assertThat(nodePort(dns, 2)).isNotEqualTo(nodePort(dns, 0));
  }

  @Test
  void loadBalancerWithoutNodePortAllocationStillHonoursRequests() {
    ServiceAdmission admission = new ServiceAdmission("10.96.0.0/12", 30000, 32767);
    JsonObject s = svc("lb", "{'type':'LoadBalancer','allocateLoadBalancerNodePorts':false,"
        + "'ports':[{'name':'a','port':80},{'name':'b','port':81,'nodePort':30500}]}");
    admission.onCreate(s);
    assertThat(nodePort(s, 0)).isZero();
    assertThat(nodePort(s, 1)).isEqualTo(30500);
  }

  @Test
  void healthCheckNodePortForLocalLoadBalancers() {
    ServiceAdmission admission = new ServiceAdmission("10.96.0.0/12", 30000, 32767);
    JsonObject s = svc("lb", "{'type':'LoadBalancer','externalTrafficPolicy':'Local','ports':[{'port':80}]}");
    admission.onCreate(s);
    assertThat(healthCheckNodePort(s)).isBetween(30000, 32767).isNotEqualTo(nodePort(s, 0));

    JsonObject requested = svc("lb2", "{'type':'LoadBalancer','externalTrafficPolicy':'Local',"
        + "'healthCheckNodePort':32000,'ports':[{'port':80}]}");
    admission.onCreate(requested);
    assertThat(healthCheckNodePort(requested)).isEqualTo(32000);
    ApiError clash = error(() -> admission.onCreate(svc("lb3", "{'type':'LoadBalancer',"
        + "'externalTrafficPolicy':'Local','healthCheckNodePort':32000,'ports':[{'port':80}]}")));
    assertThat(causes(clash)).containsExactly(
        "spec.healthCheckNodePort: Invalid value: 32000: provided port is already allocated");
  }

  @Test
  void requestedClusterIpIsHonouredOnceAndOnlyInRange() {
    ServiceAdmission admission = new ServiceAdmission("10.96.0.0/12", 30000, 32767);
    JsonObject kubernetes = svc("kubernetes", "{'clusterIP':'10.96.0.1','ports':[{'port':443}]}");
    admission.onCreate(kubernetes);
    assertThat(list(kubernetes, "clusterIPs")).containsExactly("10.96.0.1");
    JsonObject dns = svc("kube-dns", "{'clusterIPs':['10.96.0.10'],'ports':[{'port':53}]}");
    admission.onCreate(dns);
    assertThat(str(dns, "clusterIP")).isEqualTo("10.96.0.10");

    assertThat(causes(error(() -> admission.onCreate(svc("dup", "{'clusterIP':'10.96.0.10','ports':[{'port':53}]}")))))
        .containsExactly("spec.clusterIPs: Invalid value: []string{\"10.96.0.10\"}: failed to allocate IP 10.96.0.10:"
            + " provided IP is already allocated");
    assertThat(causes(error(() -> admission.onCreate(svc("out", "{'clusterIP':'10.0.0.5','ports':[{'port':53}]}")))))
        .containsExactly("spec.clusterIPs: Invalid value: []string{\"10.0.0.5\"}: failed to allocate IP 10.0.0.5: the"
            + " provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/12");
    assertThat(causes(error(() -> admission.onCreate(svc("junk", "{'clusterIP':'10.96.0.300','ports':[{'port':53}]}")))))
        .containsExactly("spec.clusterIPs[0]: Invalid value: \"10.96.0.300\": must be a valid IP address, (e.g."
            + " 10.9.8.7 or 2001:db8::ffff)");
    assertThat(causes(error(() -> admission.onCreate(svc("mismatch", "{'clusterIP':'10.96.0.20',"
        + "'clusterIPs':['10.96.0.21'],'ports':[{'port':53}]}"))))).singleElement().asString()
        .contains("first value must match `clusterIP`");
  }

  @Test
  void dualStack() {
    ServiceAdmission admission = new ServiceAdmission("10.96.0.0/12,fd00:10:96::/108", 30000, 32767);
    JsonObject single = svc("single", "{'ports':[{'port':80}]}");
    admission.onCreate(single);
    assertThat(list(single, "ipFamilies")).containsExactly("IPv4");

    JsonObject prefer = svc("prefer", "{'ipFamilyPolicy':'PreferDualStack','ports':[{'port':80}]}");
    admission.onCreate(prefer);
    assertThat(list(prefer, "ipFamilies")).containsExactly("IPv4", "IPv6");
    assertThat(list(prefer, "clusterIPs")).containsExactly("10.96.0.3", "fd00:10:96::2");

    JsonObject v6first = svc("v6", "{'ipFamilyPolicy':'RequireDualStack','ipFamilies':['IPv6'],"
        + "'ports':[{'port':80}]}");
    admission.onCreate(v6first);
    assertThat(list(v6first, "ipFamilies")).containsExactly("IPv6", "IPv4");
    assertThat(str(v6first, "clusterIP")).isEqualTo("fd00:10:96::3");

    JsonObject v6only = svc("v6only", "{'ipFamilies':['IPv6'],'ports':[{'port':80}]}");
    admission.onCreate(v6only);
    assertThat(list(v6only, "clusterIPs")).containsExactly("fd00:10:96::4");

    JsonObject explicit = svc("explicit", "{'ipFamilyPolicy':'RequireDualStack',"
        + "'clusterIPs':['fd00:10:96::99','10.96.0.99'],'ports':[{'port':80}]}");
    admission.onCreate(explicit);
    assertThat(list(explicit, "ipFamilies")).containsExactly("IPv6", "IPv4");
    assertThat(list(explicit, "clusterIPs")).containsExactly("fd00:10:96::99", "10.96.0.99");

    assertThat(causes(error(() -> admission.onCreate(svc("nopolicy",
        "{'clusterIPs':['10.96.0.50','fd00:10:96::50'],'ports':[{'port':80}]}"))))).singleElement().asString()
        .startsWith("spec.ipFamilyPolicy: Invalid value: null: must be 'RequireDualStack' or 'PreferDualStack'");
    assertThat(causes(error(() -> admission.onCreate(svc("wrongfamily",
        "{'ipFamilies':['IPv6'],'clusterIP':'10.96.0.51','ports':[{'port':80}]}"))))).containsExactly(
        "spec.clusterIPs[0]: Invalid value: \"10.96.0.51\": expected an IPv6 value as indicated by `ipFamilies[0]`");

    admission.onDelete(prefer);
    JsonObject reuse = svc("reuse", "{'clusterIPs':['fd00:10:96::2'],'ipFamilies':['IPv6'],'ports':[{'port':80}]}");
    admission.onCreate(reuse);
    assertThat(str(reuse, "clusterIP")).isEqualTo("fd00:10:96::2");
  }

  @Test
  void singleStackClusterRefusesRequiredDualStackAndForeignFamilies() {
    ServiceAdmission admission = new ServiceAdmission("10.96.0.0/12", 30000, 32767);
    assertThat(causes(error(() -> admission.onCreate(svc("r", "{'ipFamilyPolicy':'RequireDualStack',"
        + "'ports':[{'port':80}]}"))))).containsExactly("spec.ipFamilyPolicy: Invalid value: \"RequireDualStack\":"
        + " this cluster is not configured for dual-stack services");
    assertThat(causes(error(() -> admission.onCreate(svc("v6", "{'ipFamilies':['IPv6'],'ports':[{'port':80}]}")))))
        .containsExactly("spec.ipFamilies[0]: Invalid value: \"IPv6\": not configured on this cluster");
    JsonObject prefer = svc("p", "{'ipFamilyPolicy':'PreferDualStack','ports':[{'port':80}]}");
    admission.onCreate(prefer);
    assertThat(list(prefer, "ipFamilies")).containsExactly("IPv4");
  }

  @Test
  void ipv6ServiceCidr() {
    ServiceAdmission admission = new ServiceAdmission("fd00:10:96::/108", 30000, 32767);
    JsonObject s = svc("v6", "{'ports':[{'port':80}]}");
    admission.onCreate(s);
    assertThat(list(s, "ipFamilies")).containsExactly("IPv6");
    assertThat(str(s, "clusterIP")).isEqualTo("fd00:10:96::2");
  }

  @Test
  void badConfigurationIsRejected() {
    assertThatIllegalArgumentException().isThrownBy(() -> new ServiceAdmission("10.96.0.0/33", 30000, 32767));
    assertThatIllegalArgumentException().isThrownBy(() -> new ServiceAdmission("10.96.0.0/12,10.0.0.0/8", 1, 2));
    assertThatIllegalArgumentException().isThrownBy(() -> new ServiceAdmission("10.96.0.0/12", 32767, 30000));
    assertThatIllegalArgumentException().isThrownBy(() -> new ServiceAdmission("10.0.0.0/31", 30000, 32767));
  }
}
