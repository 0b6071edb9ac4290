package dev.ccm4j.provider.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.CloudConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LocalConfigTest {

  @Test
  void emptyConfigMeansDefaults() {
    LocalConfig c = LocalConfig.parse(CloudConfig.empty());
    assertThat(c.nodes()).isEmpty();
    assertThat(c.zone()).isEmpty();
    assertThat(c.loadBalancer().describePool()).isEqualTo(LoadBalancerSettings.DEFAULT_POOL);
    assertThat(c.loadBalancer().healthCheckInterval()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.loadBalancer().drainTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(LocalConfig.parse(CloudConfig.of("# only a comment\n"))).isEqualTo(LocalConfig.defaults());
  }

  @Test
  void fullYamlIsParsed() {
    LocalConfig c = LocalConfig.parse(CloudConfig.of("""
        zone: z1
        region: r1
        instanceType: t1
        nodes:
          worker-1:
            zone: z2
            addresses: ["10.0.0.5", {type: ExternalIP, address: 192.0.2.5}, {type: Hostname, address: w1}]
            state: Shutdown
          worker-2: {}
        loadBalancer:
          addressPool: ["10.1.0.0/30", "127.0.0.50-127.0.0.60"]
          healthCheckInterval: 0.5
          drainTimeout: 2
        """));
    assertThat(c.zone()).contains("z1");
    assertThat(c.region()).contains("r1");
    assertThat(c.instanceType()).contains("t1");
    NodeSettings w1 = c.nodes().get("worker-1");
    assertThat(w1.zone()).contains("z2");
    assertThat(w1.state()).contains(InstanceState.SHUTDOWN);
    assertThat(w1.addresses()).extracting(a -> a.getType() + "=" + a.getAddress())
        .containsExactly("InternalIP=10.0.0.5", "ExternalIP=192.0.2.5", "Hostname=w1");
    assertThat(c.nodes().get("worker-2").state()).isEmpty();
    assertThat(c.loadBalancer().describePool()).isEqualTo("10.1.0.0-10.1.0.3, 127.0.0.50-127.0.0.60");
    assertThat(c.loadBalancer().healthCheckInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.loadBalancer().drainTimeout()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void jsonIsAccepted() {
    LocalConfig c = LocalConfig.parse(CloudConfig.of(
        "{\"nodes\": {\"n1\": {\"state\": \"terminated\"}}, \"loadBalancer\": {\"addressPool\": \"10.9.0.0/24\"}}"));
    assertThat(c.nodes().get("n1").state()).contains(InstanceState.TERMINATED);
    assertThat(c.loadBalancer().describePool()).isEqualTo("10.9.0.0-10.9.0.255");
  }

  @Test
  void badConfigsNameTheField() {
    // the messages name the field and what is accepted, never the value (it may be a secret pasted by mistake)
    assertBad("nodes: {w1: {state: dead}}", "nodes.w1.state", "expected one of running, shutdown, terminated");
    assertNoValue("nodes: {w1: {state: dead}}", "dead");
    assertBad("zones: a", "zones", "unknown field");
    assertBad("nodes: {w1: {color: red}}", "nodes.w1.color", "unknown field");
    assertBad("nodes: {w1: {addresses: [not-an-ip]}}", "nodes.w1.addresses[0]", "is not an IP address");
    assertNoValue("nodes: {w1: {addresses: [not-an-ip]}}", "not-an-ip");
    assertBad("nodes: {w1: {addresses: [{type: Magic, address: 1.2.3.4}]}}", "nodes.w1.addresses[0].type",
        "expected one of");
    assertNoValue("nodes: {w1: {addresses: [{type: Magic, address: 1.2.3.4}]}}", "Magic");
    assertBad("nodes: {w1: {addresses: [{type: InternalIP}]}}", "nodes.w1.addresses[0].address", "required");
    assertBad("nodes: [w1]", "nodes", "mapping");
    assertBad("loadBalancer: {addressPool: 10.0.0.0/33}", "loadBalancer.addressPool", "prefix");
    assertBad("loadBalancer: {addressPool: [ok, 10.0.0.1]}", "loadBalancer.addressPool[0]",
        "is not an IP address, CIDR or range");
    assertNoValue("loadBalancer: {addressPool: [secretish, 10.0.0.1]}", "secretish");
    assertBad("loadBalancer: {addressPool: []}", "loadBalancer.addressPool", "empty");
    assertBad("loadBalancer: {drainTimeout: -1}", "loadBalancer.drainTimeout", "between");
    assertBad("loadBalancer: {healthCheckInterval: 0}", "loadBalancer.healthCheckInterval", "positive");
    assertBad("loadBalancer: {healthCheckInterval: soon}", "loadBalancer.healthCheckInterval", "seconds");
    assertBad("zone: ''", "zone", "non-empty");
  }

  private static void assertNoValue(String yaml, String value) {
    assertThatThrownBy(() -> LocalConfig.parse(CloudConfig.of(yaml)))
        .isInstanceOf(CloudConfigException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(value));
  }

  private static void assertBad(String yaml, String field, String detail) {
    assertThatThrownBy(() -> LocalConfig.parse(CloudConfig.of(yaml)))
        .isInstanceOf(CloudConfigException.class)
        .hasMessageContaining("<inline>")
        .hasMessageContaining("field " + field)
        .hasMessageContaining(detail);
  }
}
