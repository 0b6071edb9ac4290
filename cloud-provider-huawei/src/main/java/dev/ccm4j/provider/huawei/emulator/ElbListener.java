package dev.ccm4j.provider.huawei.emulator;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * One emulated ELB listener, the same object whether created through v2 or v3. Mutable; changed only by
 * {@link ElbStore} under the state's lock.
 */
final class ElbListener {
  final String id;
  final String loadBalancerId;
  final String protocol;
  final int protocolPort;
  final String createdAt;
  String name = "";
  String description = "";
  boolean adminStateUp = true;
  int connectionLimit = -1;
  boolean http2Enable;
  String defaultPoolId;
  String defaultTlsContainerRef;
  String clientCaTlsContainerRef;
  List<String> sniContainerRefs = List.of();
  JsonObject insertHeaders = new JsonObject();
  Integer keepaliveTimeout;
  Integer clientTimeout;
  Integer memberTimeout;
  boolean transparentClientIpEnable;
  String updatedAt;

  ElbListener(String id, String loadBalancerId, String protocol, int protocolPort, String createdAt) {
    this.id = id;
    this.loadBalancerId = loadBalancerId;
    this.protocol = protocol;
    this.protocolPort = protocolPort;
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
  }
}
