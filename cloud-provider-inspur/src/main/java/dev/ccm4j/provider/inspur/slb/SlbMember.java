package dev.ccm4j.provider.inspur.slb;

import java.util.Objects;

/**
 * A backend member of a listener, as the API describes it ({@code Backend}) or as this provider asks for it
 * ({@code BackendServer}, whose {@code backendId} is empty).
 *
 * @param backendId the member's id; empty in a request
 * @param serverId the instance id of the server
 * @param serverName the server's name (the node name)
 * @param serverIp the server's address
 * @param port the port traffic goes to on the server (the Service's node port)
 * @param weight its weight
 * @param type the server type, {@code ECS}
 */
public record SlbMember(String backendId, String serverId, String serverName, String serverIp, int port, int weight,
    String type) {
  /** Rejects nulls. */
  public SlbMember {
    Objects.requireNonNull(backendId, "backendId");
    Objects.requireNonNull(serverId, "serverId");
    Objects.requireNonNull(serverName, "serverName");
    Objects.requireNonNull(serverIp, "serverIp");
    Objects.requireNonNull(type, "type");
  }

  /**
   * Whether this member already is {@code wanted}: same server, address, port and weight.
   *
   * @param wanted the desired member
   * @return true if nothing needs to change
   */
  public boolean matches(SlbMember wanted) {
    return serverId.equals(wanted.serverId) && serverIp.equals(wanted.serverIp) && port == wanted.port
        && weight == wanted.weight;
  }
}
