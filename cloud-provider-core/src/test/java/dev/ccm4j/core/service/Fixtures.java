package dev.ccm4j.core.service;

import dev.ccm4j.api.WellKnown;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.openapi.models.V1ServiceStatus;
import io.kubernetes.client.openapi.models.V1Taint;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/** Builders for the Services and Nodes of the service controller tests. */
final class Fixtures {
  private Fixtures() {}

  static V1Service service(String name, String type) {
    return new V1Service().metadata(new V1ObjectMeta().namespace("default").name(name).uid("uid-" + name))
        .spec(new V1ServiceSpec().type(type)
            .addPortsItem(new V1ServicePort().name("http").protocol("TCP").port(80).nodePort(30080)));
  }

  static V1Service lbService(String name) {
    return service(name, "LoadBalancer");
  }

  static V1Service withFinalizer(V1Service service) {
    List<String> finalizers = new ArrayList<>();
    if (service.getMetadata().getFinalizers() != null) {
      finalizers.addAll(service.getMetadata().getFinalizers());
    }
    finalizers.add(WellKnown.FINALIZER_LOAD_BALANCER_CLEANUP);
    service.getMetadata().setFinalizers(finalizers);
    return service;
  }

  static V1Service deleting(V1Service service) {
    service.getMetadata().setDeletionTimestamp(OffsetDateTime.now());
    return service;
  }

  static V1Service withIngress(V1Service service, String ip) {
    service.status(new V1ServiceStatus().loadBalancer(
        new V1LoadBalancerStatus().addIngressItem(new V1LoadBalancerIngress().ip(ip))));
    return service;
  }

  static V1Node node(String name) {
    return new V1Node().metadata(new V1ObjectMeta().name(name).labels(new HashMap<>()))
        .spec(new V1NodeSpec().providerID("fake://" + name))
        .status(new V1NodeStatus().addConditionsItem(new V1NodeCondition().type("Ready").status("True")));
  }

  static V1Node ready(V1Node node, boolean ready) {
    node.getStatus().setConditions(new ArrayList<>(List.of(new V1NodeCondition().type("Ready")
        .status(ready ? "True" : "False"))));
    return node;
  }

  static V1Node excluded(V1Node node, String value) {
    node.getMetadata().putLabelsItem(WellKnown.LABEL_EXCLUDE_FROM_EXTERNAL_LOAD_BALANCERS, value);
    return node;
  }

  static V1Node tainted(V1Node node, String key) {
    node.getSpec().addTaintsItem(new V1Taint().key(key).effect("NoSchedule"));
    return node;
  }

  static V1Node providerId(V1Node node, String providerId) {
    node.getSpec().setProviderID(providerId);
    return node;
  }

  static V1Node deleting(V1Node node) {
    node.getMetadata().setDeletionTimestamp(OffsetDateTime.now());
    return node;
  }

  static V1Service copy(V1Service service) {
    return io.kubernetes.client.openapi.JSON.getGson().fromJson(
        io.kubernetes.client.openapi.JSON.getGson().toJson(service), V1Service.class);
  }

  static V1Node copy(V1Node node) {
    return io.kubernetes.client.openapi.JSON.getGson().fromJson(
        io.kubernetes.client.openapi.JSON.getGson().toJson(node), V1Node.class);
  }
}
