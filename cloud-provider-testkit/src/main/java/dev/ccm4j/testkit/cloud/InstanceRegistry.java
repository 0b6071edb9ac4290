package dev.ccm4j.testkit.cloud;

import dev.ccm4j.api.InstanceNotFoundException;
import io.kubernetes.client.openapi.models.V1Node;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The instances of a fake cloud, by node name. A terminated instance is kept but looks gone. */
final class InstanceRegistry {
  private final Map<String, FakeInstance> byName = new LinkedHashMap<>();

  synchronized void put(FakeInstance instance) {
    byName.put(instance.name(), instance);
  }

  synchronized boolean remove(String name) {
    return byName.remove(name) != null;
  }

  synchronized void setState(String name, InstanceState state) {
    FakeInstance current = byName.get(name);
    if (current == null) {
      throw new IllegalArgumentException("no fake instance named " + name);
    }
    byName.put(name, current.withState(state));
  }

  synchronized Optional<FakeInstance> get(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  synchronized List<FakeInstance> all() {
    return List.copyOf(byName.values());
  }

  /** The live instance with this node name, or empty when it is unknown or terminated. */
  synchronized Optional<FakeInstance> liveByName(String name) {
    return live(byName.get(name));
  }

  /** The live instance with this provider ID, or empty when it is unknown or terminated. */
  synchronized Optional<FakeInstance> liveByProviderId(String providerId) {
    return live(byName.values().stream().filter(i -> i.providerId().equals(providerId)).findFirst().orElse(null));
  }

  /** The SPI's lookup order: {@code spec.providerID} when set, the node name otherwise. */
  Optional<FakeInstance> liveFor(V1Node node) {
    String providerId = providerId(node);
    return providerId.isEmpty() ? liveByName(nodeName(node)) : liveByProviderId(providerId);
  }

  FakeInstance requireByName(String name) {
    return liveByName(name).orElseThrow(() -> new InstanceNotFoundException("fake instance for node " + name));
  }

  FakeInstance requireByProviderId(String providerId) {
    return liveByProviderId(providerId)
        .orElseThrow(() -> new InstanceNotFoundException("fake instance " + providerId));
  }

  FakeInstance requireFor(V1Node node) {
    return liveFor(node).orElseThrow(() -> new InstanceNotFoundException("fake instance for node "
        + nodeName(node) + (providerId(node).isEmpty() ? "" : " (" + providerId(node) + ")")));
  }

  private static Optional<FakeInstance> live(FakeInstance instance) {
    return Optional.ofNullable(instance).filter(i -> i.state() != InstanceState.TERMINATED);
  }

  static String nodeName(V1Node node) {
    String name = node.getMetadata() == null ? null : node.getMetadata().getName();
    return name == null ? "" : name;
  }

  static String providerId(V1Node node) {
    String id = node.getSpec() == null ? null : node.getSpec().getProviderID();
    return id == null ? "" : id;
  }
}
