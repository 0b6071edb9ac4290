package dev.ccm4j.provider.huawei.emulator;

import com.google.gson.JsonObject;

/**
 * One emulated backend server group: it belongs to one load balancer and is the default pool of at most one
 * listener. Mutable; changed only by {@link ElbStore} under the state's lock.
 */
final class ElbPool {
  final String id;
  final String loadBalancerId;
  final String protocol;
  final String createdAt;
  String listenerId;
  String name = "";
  String description = "";
  String lbAlgorithm;
  /** {@code {type, cookie_name, persistence_timeout}}, or null when off. */
  JsonObject sessionPersistence;
  boolean adminStateUp = true;
  String healthMonitorId;
  String updatedAt;

  ElbPool(String id, String loadBalancerId, String protocol, String createdAt) {
    this.id = id;
    this.loadBalancerId = loadBalancerId;
    this.protocol = protocol;
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
  }
}
