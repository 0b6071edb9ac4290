package dev.ccm4j.vendor.client;

import dev.ccm4j.api.fixture.FixtureInstance;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How every vendor's conformance fixture reports an instance it created on its emulator: named after the node, with
 * its private IP as {@code InternalIP} and the node name as {@code Hostname}, as a kubelet on it would register.
 *
 * <p>Why here: a vendor fixture joins the SPI's fixture types ({@code cloud-provider-api}) with the emulator's
 * control client ({@code cloud-emulator}). {@code cloud-emulator} depends on no ccm4j module, the API stays limited
 * to the SPI and Kubernetes models, and this library depends on the API alone, so the part of the fixture that needs
 * only SPI types lives here, and the part that needs only the control API (endpoint lookup, waiting for
 * transitions, terminating on close) lives on {@code dev.ccm4j.cloud.emulator.ControlClient}; a vendor fixture is
 * left with its vendor's own mapping.
 */
public final class FixtureInstances {
  private FixtureInstances() {}

  /**
   * The fixture's view of a created instance.
   *
   * @param nodeName the node (and instance) name
   * @param providerId the provider ID the provider reports for it
   * @param privateIp its private IP, or empty when it has none yet
   * @param instanceType its type, or empty when the provider does not report one
   * @param zone its zone
   * @param region its region
   * @return the instance with its {@code InternalIP} (when known) and {@code Hostname} addresses
   */
  public static FixtureInstance node(String nodeName, String providerId, String privateIp, String instanceType,
      String zone, String region) {
    Objects.requireNonNull(nodeName, "nodeName");
    List<V1NodeAddress> addresses = new ArrayList<>();
    if (privateIp != null && !privateIp.isEmpty()) {
      addresses.add(new V1NodeAddress().type("InternalIP").address(privateIp));
    }
    addresses.add(new V1NodeAddress().type("Hostname").address(nodeName));
    return FixtureInstance.builder(nodeName, providerId).addresses(addresses).instanceType(instanceType).zone(zone)
        .region(region).build();
  }
}
