package dev.ccm4j.kubeapi.admission;

import static dev.ccm4j.kubeapi.admission.AdmissionFixtures.causes;
import static dev.ccm4j.kubeapi.admission.AdmissionFixtures.error;
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
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ServiceAdmissionUpdateTest {
  /** A tiny node port range so that a leaked port shows up as exhaustion. */
  private final ServiceAdmission admission = new ServiceAdmission("10.0.0.0/24", 30000, 30003);

  private JsonObject created(String name, String spec) {
    JsonObject s = svc(name, spec);
    admission.onCreate(s);
    return s;
  }

  private JsonObject updated(JsonObject old, Consumer<JsonObject> edit) {
    JsonObject next = old.deepCopy();
    edit.accept(spec(next));
    admission.onUpdate(old, next);
    return next;
  }

  /** Asserts exactly {@code free} node ports are left, then gives them back. */
  private void assertFreeNodePorts(int free) {
    List<JsonObject> probes = new ArrayList<>();
    for (int i = 0; i < free; i++) {
      JsonObject p = svc("probe" + i, "{'type':'NodePort','ports':[{'port':1}]}");
      admission.onCreate(p);
      probes.add(p);
    }
    assertThat(error(() -> admission.onCreate(svc("probe-x", "{'type':'NodePort','ports':[{'port':1}]}")))
        .getMessage()).isEqualTo("Internal error occurred: failed to allocate a nodePort: range is full");
    probes.forEach(admission::onDelete);
  }

  @Test
  void resubmittingWithoutAllocatedFieldsKeepsThem() {
    JsonObject old = created("web", "{'type':'NodePort','ports':[{'name':'http','port':80}]}");
    JsonObject next = svc("web", "{'type':'NodePort','ports':[{'name':'http','port':80}]}");
    admission.onUpdate(old, next);
    assertThat(str(next, "clusterIP")).isEqualTo(str(old, "clusterIP"));
    assertThat(list(next, "clusterIPs")).isEqualTo(list(old, "clusterIPs"));
    assertThat(nodePort(next, 0)).isEqualTo(nodePort(old, 0));
    assertThat(list(next, "ipFamilies")).containsExactly("IPv4");
    assertFreeNodePorts(3);
  }

  @Test
  void changingThePortNumberKeepsTheNodePortAndNewPortsGetOne() {
    JsonObject old = created("web", "{'type':'NodePort','ports':[{'name':'http','port':80}]}");
    JsonObject next = updated(old, s -> {
      port(svcOf(s), 0).addProperty("port", 81);
      port(svcOf(s), 0).remove("nodePort");
      s.getAsJsonArray("ports").add(JsonParser.parseString("{\"name\":\"https\",\"port\":443}"));
    });
    assertThat(nodePort(next, 0)).isEqualTo(nodePort(old, 0));
    assertThat(nodePort(next, 1)).isNotZero().isNotEqualTo(nodePort(old, 0));
    assertFreeNodePorts(2);
    JsonObject fewer = updated(next, s -> s.getAsJsonArray("ports").remove(0));
    assertThat(nodePort(fewer, 0)).isEqualTo(nodePort(next, 1));
    assertFreeNodePorts(3);
  }

  private static JsonObject svcOf(JsonObject spec) {
    JsonObject wrapper = new JsonObject();
    wrapper.add("spec", spec);
    return wrapper;
  }

  @Test
  void loadBalancerToClusterIpReleasesAndClearsNodePortsAndBack() {
    JsonObject lb = created("lb", "{'type':'LoadBalancer','externalTrafficPolicy':'Local',"
        + "'loadBalancerClass':'example.com/lb','ports':[{'port':80}]}");
    assertThat(healthCheckNodePort(lb)).isNotZero();
    assertFreeNodePorts(2);
    JsonObject cip = updated(lb, s -> s.addProperty("type", "ClusterIP"));
    assertThat(port(cip, 0).has("nodePort")).isFalse();
    assertThat(spec(cip).has("healthCheckNodePort")).isFalse();
    assertThat(spec(cip).has("loadBalancerClass")).isFalse();
    assertThat(spec(cip).has("allocateLoadBalancerNodePorts")).isFalse();
    assertThat(spec(cip).has("externalTrafficPolicy")).isFalse();
    assertThat(str(cip, "clusterIP")).isEqualTo(str(lb, "clusterIP"));
    assertFreeNodePorts(4);
    JsonObject back = updated(cip, s -> s.addProperty("type", "LoadBalancer"));
    assertThat(nodePort(back, 0)).isBetween(30000, 30003);
    assertThat(str(back, "externalTrafficPolicy")).isEqualTo("Cluster");
    assertThat(spec(back).get("allocateLoadBalancerNodePorts").getAsBoolean()).isTrue();
    assertFreeNodePorts(3);
  }

  @Test
  void changingNodePortsWhileSwitchingToClusterIpIsRejected() {
    JsonObject np = created("np", "{'type':'NodePort','ports':[{'port':80}]}");
    JsonObject next = np.deepCopy();
    spec(next).addProperty("type", "ClusterIP");
    port(next, 0).addProperty("nodePort", 30003);
    assertThat(causes(error(() -> admission.onUpdate(np, next)))).containsExactly(
        "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'");
    assertFreeNodePorts(3);
  }

  @Test
  void nodePortMovesToAFreeOneAndReleasesTheOld() {
    JsonObject np = created("np", "{'type':'NodePort','ports':[{'port':80}]}");
    JsonObject other = created("other", "{'type':'NodePort','ports':[{'port':80}]}");
    JsonObject moved = updated(np, s -> port(svcOf(s), 0).addProperty("nodePort", 30003));
    assertThat(nodePort(moved, 0)).isEqualTo(30003);
    JsonObject clash = moved.deepCopy();
    port(clash, 0).addProperty("nodePort", nodePort(other, 0));
    assertThat(causes(error(() -> admission.onUpdate(moved, clash)))).containsExactly("spec.ports[0].nodePort:"
        + " Invalid value: " + nodePort(other, 0) + ": provided port is already allocated");
    assertFreeNodePorts(2);
  }

  @Test
  void clusterIpIsImmutable() {
    JsonObject s = created("web", "{'ports':[{'port':80}]}");
    JsonObject next = s.deepCopy();
    spec(next).addProperty("clusterIP", "10.0.0.66");
    spec(next).remove("clusterIPs");
    assertThat(causes(error(() -> admission.onUpdate(s, next)))).containsExactly(
        "spec.clusterIP: Invalid value: \"10.0.0.66\": field is immutable");
  }

  @Test
  void loadBalancerClassMayNotChangeWhileALoadBalancer() {
    JsonObject lb = created("lb", "{'type':'LoadBalancer','loadBalancerClass':'a.io/x','ports':[{'port':80}]}");
    JsonObject next = lb.deepCopy();
    spec(next).addProperty("loadBalancerClass", "a.io/y");
    assertThat(causes(error(() -> admission.onUpdate(lb, next)))).containsExactly(
        "spec.loadBalancerClass: Invalid value: \"a.io/y\": may not change once set");
    JsonObject unset = lb.deepCopy();
    spec(unset).remove("loadBalancerClass");
    assertThat(causes(error(() -> admission.onUpdate(lb, unset)))).containsExactly(
        "spec.loadBalancerClass: Invalid value: null: may not change once set");
    JsonObject plain = created("plain", "{'type':'LoadBalancer','ports':[{'port':80}]}");
    JsonObject added = plain.deepCopy();
    spec(added).addProperty("loadBalancerClass", "a.io/x");
    assertThat(causes(error(() -> admission.onUpdate(plain, added)))).singleElement().asString()
        .endsWith("may not change once set");
    JsonObject fromClusterIp = created("cip", "{'ports':[{'port':80}]}");
    JsonObject toLb = updated(fromClusterIp, s -> {
      s.addProperty("type", "LoadBalancer");
      s.addProperty("loadBalancerClass", "a.io/x");
    });
    assertThat(str(toLb, "loadBalancerClass")).isEqualTo("a.io/x");
  }

  @Test
  void healthCheckNodePortFollowsTheTrafficPolicy() {
    JsonObject lb = created("lb", "{'type':'LoadBalancer','ports':[{'port':80}]}");
    assertThat(healthCheckNodePort(lb)).isZero();
    JsonObject local = updated(lb, s -> s.addProperty("externalTrafficPolicy", "Local"));
    int hc = healthCheckNodePort(local);
    assertThat(hc).isNotZero();
    assertFreeNodePorts(2);
    JsonObject resubmitted = updated(local, s -> s.remove("healthCheckNodePort"));
    assertThat(healthCheckNodePort(resubmitted)).isEqualTo(hc);
    JsonObject cluster = updated(resubmitted, s -> s.addProperty("externalTrafficPolicy", "Cluster"));
    assertThat(spec(cluster).has("healthCheckNodePort")).isFalse();
    assertFreeNodePorts(3);
    JsonObject again = updated(cluster, s -> {
      s.addProperty("externalTrafficPolicy", "Local");
      s.add("healthCheckNodePort", new JsonPrimitive(hc));
    });
    assertThat(healthCheckNodePort(again)).isEqualTo(hc);
    admission.onDelete(again);
    assertFreeNodePorts(4);
  }

  @Test
  void allocateLoadBalancerNodePortsTurnedOnAllocates() {
    JsonObject lb = created("lb", "{'type':'LoadBalancer','allocateLoadBalancerNodePorts':false,"
        + "'ports':[{'port':80}]}");
    assertThat(nodePort(lb, 0)).isZero();
    JsonObject on = updated(lb, s -> s.addProperty("allocateLoadBalancerNodePorts", true));
    assertThat(nodePort(on, 0)).isBetween(30000, 30003);
    assertFreeNodePorts(3);
  }

  @Test
  void failedUpdateLeavesAllocationsAsTheyWere() {
    JsonObject np = created("np", "{'type':'NodePort','ports':[{'port':80}]}");
    JsonObject next = np.deepCopy();
    next.getAsJsonObject("spec").getAsJsonArray("ports")
        .add(JsonParser.parseString("{\"port\":81}"));
    next.getAsJsonObject("spec").addProperty("sessionAffinity", "Sticky");
    assertThat(causes(error(() -> admission.onUpdate(np, next)))).hasSize(3);
    assertFreeNodePorts(3);
  }

  @Test
  void toExternalNameReleasesTheClusterIp() {
    ServiceAdmission small = new ServiceAdmission("10.0.0.0/30", 30000, 30003);
    JsonObject s = svc("web", "{'ports':[{'port':80}]}");
    small.onCreate(s);
    assertThat(str(s, "clusterIP")).isEqualTo("10.0.0.2");
    assertThat(error(() -> small.onCreate(svc("x", "{'ports':[{'port':80}]}"))).code()).isEqualTo(500);
    JsonObject ext = s.deepCopy();
    spec(ext).addProperty("type", "ExternalName");
    spec(ext).addProperty("externalName", "db.example.com");
    small.onUpdate(s, ext);
    assertThat(spec(ext).has("clusterIP")).isFalse();
    assertThat(spec(ext).has("ipFamilies")).isFalse();
    JsonObject reuse = svc("x", "{'ports':[{'port':80}]}");
    small.onCreate(reuse);
    assertThat(str(reuse, "clusterIP")).isEqualTo("10.0.0.2");
  }

  @Test
  void dualStackUpgradeAndDowngrade() {
    ServiceAdmission dual = new ServiceAdmission("10.96.0.0/12,fd00::/108", 30000, 32767);
    JsonObject s = svc("web", "{'ports':[{'port':80}]}");
    dual.onCreate(s);
    JsonObject up = s.deepCopy();
    spec(up).addProperty("ipFamilyPolicy", "PreferDualStack");
    dual.onUpdate(s, up);
    assertThat(list(up, "clusterIPs")).containsExactly("10.96.0.2", "fd00::2");
    JsonObject down = up.deepCopy();
    spec(down).addProperty("ipFamilyPolicy", "SingleStack");
    dual.onUpdate(up, down);
    assertThat(list(down, "clusterIPs")).containsExactly("10.96.0.2");
    assertThat(list(down, "ipFamilies")).containsExactly("IPv4");
    JsonObject takesReleased = svc("v6", "{'ipFamilies':['IPv6'],'clusterIP':'fd00::2','ports':[{'port':80}]}");
    dual.onCreate(takesReleased);
    JsonObject primaryFlip = down.deepCopy();
    spec(primaryFlip).add("ipFamilies", JsonParser.parseString("[\"IPv6\"]"));
    assertThat(causes(error(() -> dual.onUpdate(down, primaryFlip)))).isNotEmpty();
  }
}
