package dev.ccm4j.provider.huawei.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.ccm4j.vendor.client.Json;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class HuaweiNodeAddressesTest {

  private static List<String> render(FakeEcs.Server s, List<String> publicNames, List<String> internalNames) {
    JsonObject server = s.json();
    JsonObject ifaces = Json.parse(interfacesJson(s));
    List<V1NodeAddress> out = HuaweiNodeAddresses.of(server, Json.objects(ifaces, "interfaceAttachments"),
        publicNames, internalNames);
    return out.stream().map(a -> a.getType() + "=" + a.getAddress()).toList();
  }

  private static String interfacesJson(FakeEcs.Server s) {
    StringBuilder b = new StringBuilder("{\"interfaceAttachments\":[");
    for (int i = 0; i < s.interfaces.size(); i++) {
      Object[] nic = s.interfaces.get(i);
      b.append(i == 0 ? "" : ",").append("{\"port_state\":\"").append(nic[0]).append("\",\"fixed_ips\":[");
      @SuppressWarnings("unchecked")
      List<String> ips = (List<String>) nic[1];
      for (int j = 0; j < ips.size(); j++) {
        b.append(j == 0 ? "" : ",").append("{\"ip_address\":\"").append(ips.get(j).split("@")[0])
            .append("\",\"subnet_id\":\"sub\"}");
      }
      b.append("]}");
    }
    return b.append("]}").toString();
  }

  @Test
  void activeInterfacesAreInternalAndDownOnesAreNot() {
    FakeEcs.Server s = new FakeEcs.Server("id", "n")
        .iface("ACTIVE", "10.0.0.5", "10.0.0.6")
        .iface("DOWN", "10.0.9.9")
        .iface("BUILD", "10.0.9.8");
    assertThat(render(s, List.of(), List.of())).containsExactly("InternalIP=10.0.0.5", "InternalIP=10.0.0.6");
  }

  @Test
  void accessIpv4IsExternal() {
    FakeEcs.Server s = new FakeEcs.Server("id", "n").fixed("vpc-a", "10.0.0.5");
    s.accessIpv4 = "203.0.113.7";
    assertThat(render(s, List.of(), List.of()))
        .containsExactly("InternalIP=10.0.0.5", "ExternalIP=203.0.113.7");
  }

  @Test
  void floatingAddressesAreExternalAndFixedOnesInternalOnceEach() {
    FakeEcs.Server s = new FakeEcs.Server("id", "n").fixed("vpc-a", "10.0.0.5")
        .address("vpc-a", "198.51.100.4", "floating", "4");
    assertThat(render(s, List.of(), List.of()))
        .containsExactly("InternalIP=10.0.0.5", "ExternalIP=198.51.100.4");
  }

  @Test
  void nicsAreVisitedInSortedOrder() {
    FakeEcs.Server s = new FakeEcs.Server("id", "n")
        .address("zeta", "10.2.0.1", "fixed", "4")
        .address("alpha", "10.1.0.1", "fixed", "4");
    assertThat(render(s, List.of(), List.of())).containsExactly("InternalIP=10.1.0.1", "InternalIP=10.2.0.1");
  }

  @Test
  void publicNetworkNamesMakeExternalAndDropTheInternalEntry() {
    FakeEcs.Server s = new FakeEcs.Server("id", "n").fixed("private", "10.0.0.5").fixed("public", "172.16.0.9");
    assertThat(render(s, List.of("public"), List.of()))
        .containsExactly("InternalIP=10.0.0.5", "ExternalIP=172.16.0.9");
  }

  @Test
  void internalNetworkNamesFilterTheNicAddresses() {
    FakeEcs.Server s = new FakeEcs.Server("id", "n")
        .address("wanted", "10.0.0.5", "fixed", "4")
        .address("other", "10.9.0.5", "fixed", "4");
    assertThat(render(s, List.of(), List.of("wanted"))).containsExactly("InternalIP=10.0.0.5");
  }

  @Test
  void ipv6IsLeftOut() {
    FakeEcs.Server s = new FakeEcs.Server("id", "n")
        .address("vpc-a", "10.0.0.5", "fixed", "4")
        .address("vpc-a", "2001:db8::5", "fixed", "6")
        .iface("ACTIVE", "2001:db8::5");
    assertThat(render(s, List.of(), List.of())).containsExactly("InternalIP=10.0.0.5");
  }

  @Test
  void noAddressesGiveAnEmptyListAndNoHostname() {
    assertThat(render(new FakeEcs.Server("id", "n"), List.of(), List.of())).isEmpty();
  }
}
