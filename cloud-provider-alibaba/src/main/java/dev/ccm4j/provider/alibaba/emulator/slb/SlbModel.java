package dev.ccm4j.provider.alibaba.emulator.slb;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The mutable records of the emulated SLB product. Every access happens under {@link SlbApi}'s lock, so these are
 * plain holders without synchronisation of their own.
 */
final class SlbModel {
  private SlbModel() {}

  /** A classic load balancer. */
  static final class LoadBalancer {
    final String id;
    final Instant created;
    final String clientToken;
    String name;
    String address;
    String addressType;
    String networkType;
    String vpcId;
    String vSwitchId;
    String masterZoneId;
    String slaveZoneId;
    String addressIpVersion;
    String internetChargeType;
    int bandwidth;
    String instanceChargeType;
    String spec;
    String resourceGroupId;
    String deleteProtection;
    String modificationProtection;
    String modificationProtectionReason;
    final Map<String, String> tags = new LinkedHashMap<>();
    /** Keyed by {@code port/protocol}. */
    final Map<String, Listener> listeners = new LinkedHashMap<>();
    final Map<String, VServerGroup> groups = new LinkedHashMap<>();

    LoadBalancer(String id, Instant created, String clientToken) {
      this.id = id;
      this.created = created;
      this.clientToken = clientToken;
    }
  }

  /** A listener: its key fields plus every attribute as sent, by wire name. */
  static final class Listener {
    final int port;
    final String protocol;
    String status = "stopped";
    final Map<String, String> attributes = new LinkedHashMap<>();

    Listener(int port, String protocol) {
      this.port = port;
      this.protocol = protocol;
    }

    static String key(int port, String protocol) {
      return port + "/" + protocol;
    }
  }

  /** A VServer group with its backends keyed by {@code serverId:port}. */
  static final class VServerGroup {
    final String id;
    final String loadBalancerId;
    String name;
    final Map<String, Backend> backends = new LinkedHashMap<>();

    VServerGroup(String id, String loadBalancerId, String name) {
      this.id = id;
      this.loadBalancerId = loadBalancerId;
      this.name = name;
    }
  }

  /** One backend server of a VServer group. */
  static final class Backend {
    final String serverId;
    final int port;
    int weight;
    String type;
    String description;
    String serverIp;

    Backend(String serverId, int port) {
      this.serverId = Objects.requireNonNull(serverId);
      this.port = port;
    }

    String key() {
      return serverId + ":" + port;
    }
  }

  /** An uploaded server certificate; the private key is never kept. */
  record Certificate(String id, String name, String fingerprint, Instant created) {}

  /** An SNI certificate of an HTTPS listener. */
  static final class DomainExtension {
    final String id;
    final String loadBalancerId;
    final int listenerPort;
    final String domain;
    String certificateId;

    DomainExtension(String id, String loadBalancerId, int listenerPort, String domain, String certificateId) {
      this.id = id;
      this.loadBalancerId = loadBalancerId;
      this.listenerPort = listenerPort;
      this.domain = domain;
      this.certificateId = certificateId;
    }
  }

  /** An access control list (entries are not modelled: the controller only references lists by id). */
  record Acl(String id, String name, String ipVersion) {}
}
