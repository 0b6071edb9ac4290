package dev.ccm4j.core.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.WellKnown;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeAddressRulesTest {

  static V1NodeAddress addr(String type, String address) {
    return new V1NodeAddress().type(type).address(address);
  }

  static List<String> flat(List<V1NodeAddress> addresses) {
    List<String> out = new ArrayList<>();
    addresses.forEach(a -> out.add(a.getType() + "=" + a.getAddress()));
    return out;
  }

  private static V1Node node(String providedIp, V1NodeAddress... current) {
    V1ObjectMeta meta = new V1ObjectMeta().name("n");
    if (providedIp != null) {
      meta.putAnnotationsItem(WellKnown.ANNOTATION_PROVIDED_NODE_IP, providedIp);
    }
    return new V1Node().metadata(meta).status(new V1NodeStatus().addresses(new ArrayList<>(List.of(current))));
  }

  private static final List<V1NodeAddress> CLOUD = List.of(addr("InternalIP", "10.0.0.1"),
      addr("InternalIP", "10.0.0.2"), addr("ExternalIP", "1.2.3.4"), addr("InternalIP", "fd00::1"));

  @Test
  void keepsKubeletsHostnameWhenTheCloudHasNone() {
    V1Node node = node(null, addr("Hostname", "host-1"), addr("InternalIP", "192.168.0.9"));
    assertThat(flat(NodeAddressRules.desired(node, CLOUD))).containsExactly("InternalIP=10.0.0.1",
        "InternalIP=10.0.0.2", "ExternalIP=1.2.3.4", "InternalIP=fd00::1", "Hostname=host-1");
  }

  @Test
  void usesTheCloudsHostnameWhenItHasOne() {
    V1Node node = node(null, addr("Hostname", "kubelet-host"));
    assertThat(flat(NodeAddressRules.desired(node, List.of(addr("Hostname", "cloud-host"),
        addr("InternalIP", "10.0.0.1"))))).containsExactly("Hostname=cloud-host", "InternalIP=10.0.0.1");
  }

  @Test
  void providedIpComesFirstAndDisplacesOtherAddressesOfItsType() {
    assertThat(flat(NodeAddressRules.desired(node("10.0.0.2"), CLOUD)))
        .containsExactly("InternalIP=10.0.0.2", "ExternalIP=1.2.3.4");
  }

  @Test
  void dualStackProvidedIpsKeepBothFamilies() {
    assertThat(flat(NodeAddressRules.desired(node("10.0.0.2,fd00::1"), CLOUD)))
        .containsExactly("InternalIP=10.0.0.2", "InternalIP=fd00::1", "ExternalIP=1.2.3.4");
  }

  @Test
  void providedIpTheCloudDoesNotReportIsInvalid() {
    assertThatThrownBy(() -> NodeAddressRules.validateProvidedNodeIp(node("10.9.9.9"), CLOUD))
        .isInstanceOf(InvalidNodeIpException.class).hasMessageContaining("10.9.9.9");
    assertThatThrownBy(() -> NodeAddressRules.validateProvidedNodeIp(node("10.0.0.1"), List.of()))
        .isInstanceOf(InvalidNodeIpException.class);
  }

  @Test
  void noAnnotationNeedsNoValidation() {
    NodeAddressRules.validateProvidedNodeIp(node(null), List.of());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not-an-ip", "10.0.0.1,10.0.0.2", "fd00::1,fd00::2", "0.0.0.0,fd00::1",
      "10.0.0.1,::", "10.0.0.1, fd00::1", "10.0.0.1,fd00::1,10.0.0.2", "256.0.0.1", "example.com"})
  void malformedAnnotationsAreRejected(String value) {
    assertThatThrownBy(() -> NodeAddressRules.parseProvidedNodeIp(value)).isInstanceOf(InvalidNodeIpException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.1", "fd00::1", "10.0.0.1,fd00::1", "fd00::1,10.0.0.1", "0.0.0.0"})
  void wellFormedAnnotationsParse(String value) {
    assertThat(NodeAddressRules.parseProvidedNodeIp(value)).hasSize(value.split(",").length);
  }

  @Test
  void changeDetection() {
    List<V1NodeAddress> current = List.of(addr("InternalIP", "10.0.0.1"), addr("ExternalIP", "1.2.3.4"));
    assertThat(NodeAddressRules.changed(current, List.of(addr("InternalIP", "10.0.0.1"),
        addr("ExternalIP", "1.2.3.4")))).as("same").isFalse();
    assertThat(NodeAddressRules.changed(current, List.of(addr("InternalIP", "10.0.0.1"))))
        .as("fewer").isTrue();
    assertThat(NodeAddressRules.changed(current, List.of(addr("InternalIP", "10.0.0.1"),
        addr("ExternalIP", "1.2.3.5")))).as("new value").isTrue();
    assertThat(NodeAddressRules.changed(current, List.of(addr("InternalIP", "10.0.0.1"),
        addr("InternalIP", "1.2.3.4")))).as("new type").isTrue();
    assertThat(NodeAddressRules.changed(current, List.of(addr("ExternalIP", "1.2.3.4"),
        addr("InternalIP", "10.0.0.1")))).as("reordered, which upstream misses").isTrue();
    assertThat(NodeAddressRules.changed(null, List.of())).as("none to none").isFalse();
  }
}
