package dev.ccm4j.core.node;

import dev.ccm4j.api.WellKnown;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a node's {@code status.addresses} follow from the cloud's addresses, as upstream's cloud-node controller
 * computes them: kubelet's {@code Hostname} is kept when the cloud reports none, and the IPs kubelet was told to use
 * ({@code --node-ip}, published as {@code alpha.kubernetes.io/provided-node-ip}) come first and displace other
 * addresses of their type. Pure functions; inputs are never modified.
 */
public final class NodeAddressRules {
  private static final String HOSTNAME = "Hostname";
  /** Longest part of a node-provided value repeated in a message. */
  private static final int MAX_QUOTED = 64;

  private NodeAddressRules() {}

  /**
   * The addresses the node should carry.
   *
   * @param node the node, for its kubelet-set hostname and its provided-node-ip annotation
   * @param cloudAddresses the cloud's addresses, in the cloud's order
   * @return the new address list (fresh objects)
   * @throws InvalidNodeIpException if the annotation is malformed or names an IP the cloud does not report
   */
  public static List<V1NodeAddress> desired(V1Node node, List<V1NodeAddress> cloudAddresses) {
    List<V1NodeAddress> merged = new ArrayList<>();
    cloudAddresses.forEach(a -> merged.add(copy(a)));
    if (merged.stream().noneMatch(a -> HOSTNAME.equals(a.getType()))) {
      current(node).stream().filter(a -> HOSTNAME.equals(a.getType())).forEach(a -> merged.add(copy(a)));
    }
    Optional<String> provided = providedNodeIp(node);
    return provided.isPresent() ? preferProvided(provided.get(), merged) : merged;
  }

  /**
   * Checks the provided-node-ip annotation against the cloud's addresses, when the node has one.
   *
   * @param node the node
   * @param cloudAddresses the cloud's addresses
   * @throws InvalidNodeIpException if the annotation is malformed or names an IP the cloud does not report
   */
  public static void validateProvidedNodeIp(V1Node node, List<V1NodeAddress> cloudAddresses) {
    providedNodeIp(node).ifPresent(ip -> preferProvided(ip, cloudAddresses));
  }

  /**
   * Whether writing {@code desired} would change the node's addresses. Unlike upstream, a reordering counts as a
   * change: the first address of a type is the one clients pick.
   *
   * @param current the node's current addresses (null means none)
   * @param desired the new addresses
   * @return true if the lists differ in length, content or order
   */
  public static boolean changed(List<V1NodeAddress> current, List<V1NodeAddress> desired) {
    List<V1NodeAddress> now = current == null ? List.of() : current;
    if (now.size() != desired.size()) {
      return true;
    }
    for (int i = 0; i < now.size(); i++) {
      if (!Objects.equals(now.get(i).getType(), desired.get(i).getType())
          || !Objects.equals(now.get(i).getAddress(), desired.get(i).getAddress())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The node's current addresses.
   *
   * @param node the node
   * @return its {@code status.addresses}, empty when unset
   */
  public static List<V1NodeAddress> current(V1Node node) {
    return node.getStatus() == null || node.getStatus().getAddresses() == null
        ? List.of() : node.getStatus().getAddresses();
  }

  /**
   * Parses a provided-node-ip annotation value: one IP, or a dual-stack pair separated by a comma. As upstream,
   * whitespace is not tolerated, a pair must mix families, and a pair may not contain an unspecified address.
   *
   * @param value the annotation value
   * @return the IPs, in the annotation's order
   * @throws InvalidNodeIpException if the value is malformed
   */
  public static List<InetAddress> parseProvidedNodeIp(String value) {
    List<InetAddress> ips = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      ips.add(IpLiteral.parse(part).orElseThrow(() -> new InvalidNodeIpException(
          "failed to parse node IP " + quoted(value) + ": could not parse " + quoted(part))));
    }
    if (ips.size() > 2 || ips.size() == 2 && IpLiteral.isIpv6(ips.get(0)) == IpLiteral.isIpv6(ips.get(1))) {
      throw new InvalidNodeIpException("failed to parse node IP " + quoted(value)
          + ": must contain either a single IP or a dual-stack pair of IPs");
    }
    if (ips.size() == 2 && (ips.get(0).isAnyLocalAddress() || ips.get(1).isAnyLocalAddress())) {
      throw new InvalidNodeIpException("failed to parse node IP " + quoted(value)
          + ": dual-stack must not include unspecified IPs");
    }
    return ips;
  }

  /**
   * Checks the form of the provided-node-ip annotation, when the node has one, without asking the cloud.
   *
   * @param node the node
   * @throws InvalidNodeIpException if the annotation is malformed
   */
  public static void checkProvidedNodeIpSyntax(V1Node node) {
    providedNodeIp(node).ifPresent(NodeAddressRules::parseProvidedNodeIp);
  }

  /** Quotes a value from a node for a message: short, and printable, whatever was written to the node. */
  static String quoted(String value) {
    String shown = value.length() > MAX_QUOTED ? value.substring(0, MAX_QUOTED) + "..." : value;
    StringBuilder out = new StringBuilder(shown.length() + 2).append('"');
    shown.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) || c == '"' ? '?' : c));
    return out.append('"').toString();
  }

  private static Optional<String> providedNodeIp(V1Node node) {
    Map<String, String> annotations = node.getMetadata() == null ? null : node.getMetadata().getAnnotations();
    return annotations == null ? Optional.empty()
        : Optional.ofNullable(annotations.get(WellKnown.ANNOTATION_PROVIDED_NODE_IP));
  }

  private static List<V1NodeAddress> preferProvided(String annotation, List<V1NodeAddress> addresses) {
    List<V1NodeAddress> result = new ArrayList<>();
    Set<String> enforcedTypes = new HashSet<>();
    for (InetAddress ip : parseProvidedNodeIp(annotation)) {
      boolean matched = false;
      for (V1NodeAddress a : addresses) {
        if (IpLiteral.parse(a.getAddress()).filter(ip::equals).isPresent()) {
          result.add(copy(a));
          enforcedTypes.add(a.getType());
          matched = true;
        }
      }
      if (!matched) {
        throw new InvalidNodeIpException("failed to get node address from cloud provider that matches ip: "
            + ip.getHostAddress());
      }
    }
    for (V1NodeAddress a : addresses) {
      if (!enforcedTypes.contains(a.getType())) {
        result.add(copy(a));
      }
    }
    return result;
  }

  private static V1NodeAddress copy(V1NodeAddress a) {
    return new V1NodeAddress().type(a.getType()).address(a.getAddress());
  }
}
