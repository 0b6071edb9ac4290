package dev.ccm4j.provider.huawei.emulator;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * Renders the ELB objects in the JSON shapes of each API version: v2 keeps the OpenStack-like fields
 * ({@code tenant_id}, {@code vip_subnet_id}, member {@code subnet_id}), v3 adds the dedicated ELB's fields
 * ({@code availability_zone_list}, {@code vip_subnet_cidr_id}, {@code eips}, {@code guaranteed}, flavors, member
 * {@code subnet_cidr_id}). Relations are always reference lists {@code [{"id": ...}]}. Called under the state's lock.
 */
final class ElbJson {
  private final ElbStore store;
  private final HuaweiState state;

  ElbJson(ElbStore store) {
    this.store = Objects.requireNonNull(store, "store");
    this.state = store.state();
  }

  JsonObject loadBalancer(ElbLoadBalancer lb, ElbVersion v) {
    JsonObject o = new JsonObject();
    o.addProperty("id", lb.id);
    o.addProperty("name", lb.name);
    o.addProperty("description", lb.description);
    o.addProperty("project_id", state.projectId());
    if (v == ElbVersion.V2) {
      o.addProperty("tenant_id", state.projectId());
      o.addProperty("vip_subnet_id", lb.vipSubnetId);
    } else {
      o.addProperty("vip_subnet_cidr_id", lb.vipSubnetId);
    }
    o.addProperty("vip_address", lb.vipAddress);
    o.addProperty("vip_port_id", lb.vipPortId);
    o.addProperty("provider", "vlb");
    o.addProperty("provisioning_status", store.provisioningStatus(lb));
    o.addProperty("operating_status", "ONLINE");
    o.addProperty("admin_state_up", true);
    o.add("listeners", ElbFields.refs(store.listenersOf(lb.id).stream().map(l -> l.id).toList()));
    o.add("pools", ElbFields.refs(store.poolsOf(lb.id).stream().map(p -> p.id).toList()));
    o.add("tags", new JsonArray());
    o.addProperty("created_at", lb.createdAt);
    o.addProperty("updated_at", lb.updatedAt);
    o.addProperty("enterprise_project_id", "0");
    if (v == ElbVersion.V3) {
      o.addProperty("guaranteed", lb.dedicated);
      o.addProperty("vpc_id", state.vpcId());
      JsonArray eips = new JsonArray();
      JsonArray publicips = new JsonArray();
      for (Eip eip : lb.vipPortId == null ? List.<Eip>of() : state.eips().byPort(lb.vipPortId)) {
        JsonObject e = new JsonObject();
        e.addProperty("eip_id", eip.id());
        e.addProperty("eip_address", eip.publicIpAddress());
        e.addProperty("ip_version", 4);
        eips.add(e);
        JsonObject p = new JsonObject();
        p.addProperty("publicip_id", eip.id());
        p.addProperty("publicip_address", eip.publicIpAddress());
        p.addProperty("ip_version", 4);
        publicips.add(p);
      }
      o.add("eips", eips);
      o.add("publicips", publicips);
      o.add("availability_zone_list", ElbFields.array(lb.availabilityZones));
      o.addProperty("l4_flavor_id", lb.l4FlavorId);
      o.addProperty("l7_flavor_id", lb.l7FlavorId);
      o.addProperty("ip_target_enable", lb.ipTargetEnable);
      JsonArray networks = new JsonArray();
      if (lb.vipSubnetId != null) {
        state.subnet(lb.vipSubnetId).ifPresent(s -> networks.add(s.id()));
      }
      o.add("elb_virsubnet_ids", networks);
      o.add("ipv6_vip_address", JsonNull.INSTANCE);
      o.add("ipv6_vip_virsubnet_id", JsonNull.INSTANCE);
      o.add("ipv6_vip_port_id", JsonNull.INSTANCE);
      o.addProperty("billing_info", (String) null);
      o.addProperty("deletion_protection_enable", false);
    }
    return o;
  }

  JsonObject listener(ElbListener l, ElbVersion v) {
    JsonObject o = new JsonObject();
    o.addProperty("id", l.id);
    o.addProperty("name", l.name);
    o.addProperty("description", l.description);
    o.addProperty("project_id", state.projectId());
    if (v == ElbVersion.V2) {
      o.addProperty("tenant_id", state.projectId());
    }
    o.addProperty("admin_state_up", l.adminStateUp);
    o.add("loadbalancers", ElbFields.refs(List.of(l.loadBalancerId)));
    o.addProperty("protocol", l.protocol);
    o.addProperty("protocol_port", l.protocolPort);
    o.addProperty("connection_limit", l.connectionLimit);
    o.addProperty("http2_enable", l.http2Enable);
    o.addProperty("default_pool_id", l.defaultPoolId);
    o.addProperty("default_tls_container_ref", l.defaultTlsContainerRef);
    o.addProperty("client_ca_tls_container_ref", l.clientCaTlsContainerRef);
    o.add("sni_container_refs", ElbFields.array(l.sniContainerRefs));
    o.add("insert_headers", l.insertHeaders.deepCopy());
    o.addProperty("keepalive_timeout", l.keepaliveTimeout);
    o.addProperty("client_timeout", l.clientTimeout);
    o.addProperty("member_timeout", l.memberTimeout);
    o.addProperty("transparent_client_ip_enable", l.transparentClientIpEnable);
    o.add("tags", new JsonArray());
    o.addProperty("created_at", l.createdAt);
    o.addProperty("updated_at", l.updatedAt);
    if (v == ElbVersion.V3) {
      o.addProperty("enable_member_retry", true);
      o.addProperty("tls_ciphers_policy", (String) null);
      o.addProperty("security_policy_id", (String) null);
    }
    return o;
  }

  JsonObject pool(ElbPool p, ElbVersion v) {
    JsonObject o = new JsonObject();
    o.addProperty("id", p.id);
    o.addProperty("name", p.name);
    o.addProperty("description", p.description);
    o.addProperty("project_id", state.projectId());
    if (v == ElbVersion.V2) {
      o.addProperty("tenant_id", state.projectId());
    }
    o.addProperty("admin_state_up", p.adminStateUp);
    o.addProperty("protocol", p.protocol);
    o.addProperty("lb_algorithm", p.lbAlgorithm);
    o.add("loadbalancers", ElbFields.refs(List.of(p.loadBalancerId)));
    o.add("listeners", ElbFields.refs(p.listenerId == null ? List.of() : List.of(p.listenerId)));
    o.add("members", ElbFields.refs(store.membersOf(p.id).stream().map(m -> m.id).toList()));
    // an empty string when there is none, as the real v2 answers, so "has a monitor" is a non-empty check
    o.addProperty("healthmonitor_id", p.healthMonitorId == null ? "" : p.healthMonitorId);
    o.add("session_persistence", p.sessionPersistence == null ? JsonNull.INSTANCE : p.sessionPersistence.deepCopy());
    if (v == ElbVersion.V3) {
      o.addProperty("ip_version", "v4");
      o.addProperty("vpc_id", state.vpcId());
      o.addProperty("type", "");
      o.addProperty("member_deletion_protection_enable", false);
      o.addProperty("created_at", p.createdAt);
      o.addProperty("updated_at", p.updatedAt);
    }
    return o;
  }

  JsonObject member(ElbMember m, ElbVersion v) {
    JsonObject o = new JsonObject();
    o.addProperty("id", m.id);
    o.addProperty("name", m.name);
    o.addProperty("project_id", state.projectId());
    if (v == ElbVersion.V2) {
      o.addProperty("tenant_id", state.projectId());
      o.addProperty("subnet_id", m.subnetId);
    } else {
      // v3's per-pool member (the SDK's Member) names neither its pool nor its load balancer; only the
      // project-wide member list (MemberInfo) does, and the emulator does not serve that list
      o.addProperty("subnet_cidr_id", m.subnetId);
    }
    o.addProperty("admin_state_up", m.adminStateUp);
    o.addProperty("address", m.address);
    o.addProperty("protocol_port", m.protocolPort);
    o.addProperty("weight", m.weight);
    o.addProperty("ip_version", "v4");
    o.addProperty("operating_status", store.memberStatus(m));
    if (v == ElbVersion.V3) {
      String instance = state.serverByIp(m.address).map(Server::id).orElse("");
      o.addProperty("member_type", instance.isEmpty() ? "ip" : "instance");
      o.addProperty("instance_id", instance);
      o.addProperty("created_at", m.createdAt);
      o.addProperty("updated_at", m.updatedAt);
    }
    return o;
  }

  JsonObject healthMonitor(ElbHealthMonitor hm, ElbVersion v) {
    JsonObject o = new JsonObject();
    o.addProperty("id", hm.id);
    o.addProperty("name", hm.name);
    o.addProperty("project_id", state.projectId());
    if (v == ElbVersion.V2) {
      o.addProperty("tenant_id", state.projectId());
    }
    o.addProperty("admin_state_up", hm.adminStateUp);
    o.add("pools", ElbFields.refs(List.of(hm.poolId)));
    o.addProperty("type", hm.type);
    o.addProperty("delay", hm.delay);
    o.addProperty("timeout", hm.timeout);
    o.addProperty("max_retries", hm.maxRetries);
    o.addProperty("url_path", hm.urlPath);
    o.addProperty("http_method", hm.httpMethod);
    o.addProperty("expected_codes", hm.expectedCodes);
    o.addProperty("domain_name", hm.domainName);
    o.addProperty("monitor_port", hm.monitorPort);
    if (v == ElbVersion.V3) {
      o.addProperty("max_retries_down", hm.maxRetriesDown);
      o.addProperty("created_at", hm.createdAt);
      o.addProperty("updated_at", hm.updatedAt);
    }
    return o;
  }
}
