package dev.ccm4j.core.service;

import static dev.ccm4j.core.service.Fixtures.copy;
import static dev.ccm4j.core.service.Fixtures.deleting;
import static dev.ccm4j.core.service.Fixtures.lbService;
import static dev.ccm4j.core.service.Fixtures.service;
import static dev.ccm4j.core.service.Fixtures.withFinalizer;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServicePredicatesTest {

  @Test
  void wantsLoadBalancerOnlyForTypeLoadBalancerWithoutClass() {
    assertThat(ServicePredicates.wantsLoadBalancer(lbService("a"))).isTrue();
    assertThat(ServicePredicates.wantsLoadBalancer(service("a", "ClusterIP"))).isFalse();
    V1Service classed = lbService("a");
    classed.getSpec().setLoadBalancerClass("example.com/other");
    assertThat(ServicePredicates.wantsLoadBalancer(classed)).isFalse();
  }

  @Test
  void needsCleanup() {
    assertThat(ServicePredicates.needsCleanup(lbService("no-finalizer"))).isFalse();
    assertThat(ServicePredicates.needsCleanup(withFinalizer(service("no-lb", "ClusterIP")))).isTrue();
    assertThat(ServicePredicates.needsCleanup(withFinalizer(lbService("with-lb")))).isFalse();
    assertThat(ServicePredicates.needsCleanup(deleting(withFinalizer(lbService("deleting"))))).isTrue();
    assertThat(ServicePredicates.needsCleanup(deleting(lbService("deleting-no-finalizer")))).isFalse();
  }

  static Stream<Arguments> updates() {
    return Stream.of(
        change("type LoadBalancer to ClusterIP", s -> s.getSpec().setType("ClusterIP"), true),
        change("ports differ", s -> s.getSpec().getPorts().get(0).setPort(8080), true),
        change("port added", s -> s.getSpec().addPortsItem(new V1ServicePort().port(443).protocol("TCP")), true),
        change("externalIPs count", s -> s.getSpec().setExternalIPs(List.of("1.1.1.1", "2.2.2.2")), true),
        change("externalIPs value", s -> s.getSpec().setExternalIPs(List.of("1.1.1.2")), true),
        change("UID", s -> s.getMetadata().setUid("other"), true),
        change("externalTrafficPolicy", s -> s.getSpec().setExternalTrafficPolicy("Local"), true),
        change("healthCheckNodePort", s -> s.getSpec().setHealthCheckNodePort(30000), true),
        change("targetPort differs", s -> s.getSpec().getPorts().get(0).setTargetPort(new IntOrString(8080)), true),
        change("targetPort named", s -> s.getSpec().getPorts().get(0).setTargetPort(new IntOrString("web")), true),
        change("appProtocol set", s -> s.getSpec().getPorts().get(0).setAppProtocol("http"), true),
        change("ipFamilies single to dual", s -> s.getSpec().setIpFamilies(List.of("IPv4", "IPv6")), true),
        change("annotation", s -> s.getMetadata().putAnnotationsItem("a", "b"), true),
        change("loadBalancerIP", s -> s.getSpec().setLoadBalancerIP("5.5.5.5"), true),
        change("sourceRanges", s -> s.getSpec().setLoadBalancerSourceRanges(List.of("10.0.0.0/8")), true),
        change("sessionAffinity", s -> s.getSpec().setSessionAffinity("ClientIP"), true),
        change("label only", s -> s.getMetadata().putLabelsItem("a", "b"), false),
        change("finalizer only", s -> s.getMetadata().setFinalizers(List.of("x")), false),
        change("allocateLoadBalancerNodePorts", s -> s.getSpec().setAllocateLoadBalancerNodePorts(false), false),
        change("internalTrafficPolicy", s -> s.getSpec().setInternalTrafficPolicy("Local"), false),
        change("ipFamilyPolicy", s -> s.getSpec().setIpFamilyPolicy("PreferDualStack"), false),
        change("status only", s -> Fixtures.withIngress(s, "1.2.3.4"), false));
  }

  private static Arguments change(String name, Consumer<V1Service> change, boolean expected) {
    return Arguments.of(name, change, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("updates")
  void needsUpdate(String name, Consumer<V1Service> change, boolean expected) {
    V1Service old = lbService("web");
    old.getSpec().setIpFamilies(List.of("IPv4"));
    old.getSpec().setExternalIPs(List.of("1.1.1.1"));
    V1Service updated = copy(old);
    change.accept(updated);
    assertThat(ServicePredicates.needsUpdate(old, updated)).isEqualTo(expected);
  }

  @Test
  void needsUpdateAppProtocolSameAndChangedAndIpFamiliesUnchanged() {
    V1Service old = lbService("web");
    old.getSpec().getPorts().get(0).setAppProtocol("http");
    old.getSpec().setIpFamilies(List.of("IPv4"));
    V1Service same = copy(old);
    assertThat(ServicePredicates.needsUpdate(old, same)).isFalse();
    V1Service changed = copy(old);
    changed.getSpec().getPorts().get(0).setAppProtocol("https");
    assertThat(ServicePredicates.needsUpdate(old, changed)).isTrue();
    V1Service otherFamily = copy(old);
    otherFamily.getSpec().setIpFamilies(List.of("IPv6"));
    assertThat(ServicePredicates.needsUpdate(old, otherFamily)).as("only the count matters").isFalse();
  }

  @Test
  void needsUpdateIsFalseWhenNeitherWantsALoadBalancer() {
    V1Service old = service("web", "ClusterIP");
    V1Service updated = copy(old);
    updated.getSpec().getPorts().get(0).setPort(9);
    assertThat(ServicePredicates.needsUpdate(old, updated)).isFalse();
    V1Service classed = lbService("web");
    classed.getSpec().setLoadBalancerClass("x/y");
    V1Service classedChanged = copy(classed);
    classedChanged.getSpec().getPorts().get(0).setPort(9);
    assertThat(ServicePredicates.needsUpdate(classed, classedChanged)).isFalse();
  }

  @Test
  void ingressEqualityIgnoresEverythingButIngress() {
    V1LoadBalancerStatus a = new V1LoadBalancerStatus().addIngressItem(new V1LoadBalancerIngress().ip("1.1.1.1"));
    V1LoadBalancerStatus b = new V1LoadBalancerStatus().addIngressItem(new V1LoadBalancerIngress().ip("1.1.1.1"));
    assertThat(ServicePredicates.ingressEqual(a, b)).isTrue();
    assertThat(ServicePredicates.ingressEqual(null, new V1LoadBalancerStatus())).isTrue();
    assertThat(ServicePredicates.ingressEqual(a, new V1LoadBalancerStatus())).isFalse();
  }
}
