package dev.ccm4j.provider.alibaba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.WellKnown;
import dev.ccm4j.vendor.client.Json;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The address rules of {@link AlibabaInstances}, on DescribeInstances JSON as ECS returns it. */
class AlibabaInstancesTest {
  private static final JsonObject INSTANCE = Json.parse("""
      {"InstanceId":"i-1","PublicIpAddress":{"IpAddress":["47.1.1.1"]},
       "EipAddress":{"IpAddress":"39.2.2.2","AllocationId":"eip-1"},
       "InnerIpAddress":{"IpAddress":["10.0.0.9"]},
       "VpcAttributes":{"PrivateIpAddress":{"IpAddress":["192.168.0.5","10.0.0.9"]},"VpcId":"vpc-1"},
       "NetworkInterfaces":{"NetworkInterface":[
         {"Type":"Primary","PrimaryIpAddress":"192.168.0.5","Ipv6Sets":{"Ipv6Set":[{"Ipv6Address":"2408:4005::5"}]}},
         {"Type":"Secondary","PrimaryIpAddress":"192.168.0.6","Ipv6Sets":{"Ipv6Set":[{"Ipv6Address":"2408:4005::6"}]}}]}}
      """);

  @Test
  void addressesFollowUpstreamOrderWithoutDuplicates() {
    assertThat(keys(AlibabaInstances.addresses(node(Map.of()), INSTANCE, false))).containsExactly(
        "ExternalIP=47.1.1.1", "ExternalIP=39.2.2.2", "InternalIP=10.0.0.9", "InternalIP=192.168.0.5");
  }

  @Test
  void dualStackAddsOnlyThePrimaryEnisIpv6AddressesLast() {
    assertThat(keys(AlibabaInstances.addresses(node(Map.of()), INSTANCE, true))).containsExactly(
        "ExternalIP=47.1.1.1", "ExternalIP=39.2.2.2", "InternalIP=10.0.0.9", "InternalIP=192.168.0.5",
        "InternalIP=2408:4005::5");
  }

  @Test
  void kubeletsHostnameIsKept() {
    V1Node node = node(Map.of());
    node.status(new V1NodeStatus().addresses(List.of(new V1NodeAddress().type("Hostname").address("web-1"),
        new V1NodeAddress().type("InternalIP").address("10.0.0.9"))));
    assertThat(keys(AlibabaInstances.addresses(node, INSTANCE, false))).endsWith("Hostname=web-1")
        .containsOnlyOnce("InternalIP=10.0.0.9");
  }

  @Test
  void providedNodeIpLeadsAndDisplacesTheOtherInternalIpsOfItsFamily() {
    V1Node node = node(Map.of(WellKnown.ANNOTATION_PROVIDED_NODE_IP, "192.168.0.5"));
    assertThat(keys(AlibabaInstances.addresses(node, INSTANCE, true))).containsExactly(
        "InternalIP=192.168.0.5", "ExternalIP=47.1.1.1", "ExternalIP=39.2.2.2", "InternalIP=2408:4005::5");
  }

  @Test
  void providedNodeIpTheInstanceDoesNotHaveIsAnErrorNamingTheAnnotation() {
    V1Node node = node(Map.of(WellKnown.ANNOTATION_PROVIDED_NODE_IP, "10.9.9.9"));
    assertThatThrownBy(() -> AlibabaInstances.addresses(node, INSTANCE, false))
        .isInstanceOf(CloudProviderException.class)
        .hasMessageContaining(WellKnown.ANNOTATION_PROVIDED_NODE_IP).hasMessageContaining("10.9.9.9");
    V1Node junk = node(Map.of(WellKnown.ANNOTATION_PROVIDED_NODE_IP, "not-an-ip"));
    assertThatThrownBy(() -> AlibabaInstances.addresses(junk, INSTANCE, false))
        .hasMessageContaining("not-an-ip").hasMessageContaining("not an IP address");
  }

  @Test
  void anInstanceWithoutAddressesHasNone() {
    assertThat(AlibabaInstances.addresses(node(Map.of()), Json.parse("{\"InstanceId\":\"i-2\"}"), true)).isEmpty();
  }

  private static V1Node node(Map<String, String> annotations) {
    return new V1Node().metadata(new V1ObjectMeta().name("n1").annotations(annotations));
  }

  private static List<String> keys(List<V1NodeAddress> addresses) {
    return addresses.stream().map(a -> a.getType() + "=" + a.getAddress()).toList();
  }
}
