package dev.ccm4j.provider.huawei.emulator;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An ECS server: flavor, AZ, status ({@code ACTIVE}, {@code SHUTOFF}), its NIC ports (the first is the primary) and
 * security groups. Changed only under the state's lock.
 */
final class Server {
  /** Flavors the emulator knows with their vCPUs and RAM (MiB); others get 2 vCPUs and 4 GiB. */
  static final Map<String, int[]> FLAVORS = Map.of(
      "s6.small.1", new int[] {1, 1024},
      "s6.medium.2", new int[] {1, 2048},
      "s6.large.2", new int[] {2, 4096},
      "s6.xlarge.2", new int[] {4, 8192},
      "c6.large.2", new int[] {2, 4096},
      "c6.xlarge.2", new int[] {4, 8192},
      "m6.large.8", new int[] {2, 16384});
  /** The flavor of servers created without one. */
  static final String DEFAULT_FLAVOR = "s6.large.2";

  private final String id;
  private final String name;
  private final String flavor;
  private final String availabilityZone;
  private final String created;
  private final String imageId;
  private final String instanceName;
  private final List<Port> ports = new ArrayList<>();
  private final Set<String> securityGroupIds = new LinkedHashSet<>();
  private String status = "ACTIVE";
  private String updated;

  Server(String id, String name, String flavor, String availabilityZone, String created, String imageId,
      String instanceName) {
    this.id = Objects.requireNonNull(id, "id");
    this.name = Objects.requireNonNull(name, "name");
    this.flavor = Objects.requireNonNull(flavor, "flavor");
    this.availabilityZone = Objects.requireNonNull(availabilityZone, "availabilityZone");
    this.created = Objects.requireNonNull(created, "created");
    this.updated = created;
    this.imageId = Objects.requireNonNull(imageId, "imageId");
    this.instanceName = Objects.requireNonNull(instanceName, "instanceName");
  }

  /** The server id (a UUID). */
  String id() {
    return id;
  }

  /** The server name. */
  String name() {
    return name;
  }

  /** The flavor id, also its name. */
  String flavor() {
    return flavor;
  }

  /** The AZ. */
  String availabilityZone() {
    return availabilityZone;
  }

  /** {@code ACTIVE} or {@code SHUTOFF}. */
  String status() {
    return status;
  }

  void status(String status, String updated) {
    this.status = status;
    this.updated = updated;
  }

  /** The NIC ports, primary first. */
  List<Port> ports() {
    return List.copyOf(ports);
  }

  void addPort(Port port) {
    ports.add(port);
  }

  /** The primary NIC's address. */
  String primaryIp() {
    return ports.isEmpty() ? "" : ports.get(0).ipAddress();
  }

  /** Whether one of the server's NICs has this fixed address. */
  boolean hasIp(String ip) {
    return ports.stream().anyMatch(p -> p.ipAddress().equals(ip));
  }

  /** The ids of the attached security groups, in attach order. */
  Set<String> securityGroupIds() {
    return securityGroupIds;
  }

  /**
   * The ECS v1 {@code server} object ({@code ShowServer}, {@code ListServersDetails}).
   *
   * @param state for the VPC, project and security group names
   * @return the object
   */
  JsonObject json(HuaweiState state) {
    JsonObject o = new JsonObject();
    o.addProperty("id", id);
    o.addProperty("name", name);
    o.addProperty("description", "");
    o.addProperty("status", status);
    o.addProperty("progress", 0);
    o.addProperty("locked", false);
    JsonObject addresses = new JsonObject();
    for (Port p : ports) {
      String vpcId = state.subnet(p.subnetId()).map(Subnet::vpcId).orElse(state.vpcId());
      JsonArray list = addresses.has(vpcId) ? addresses.getAsJsonArray(vpcId) : new JsonArray();
      JsonObject a = new JsonObject();
      a.addProperty("version", "4");
      a.addProperty("addr", p.ipAddress());
      a.addProperty("OS-EXT-IPS-MAC:mac_addr", p.macAddress());
      a.addProperty("OS-EXT-IPS:port_id", p.id());
      a.addProperty("OS-EXT-IPS:type", "fixed");
      list.add(a);
      for (Eip eip : state.eips().byPort(p.id())) {
        JsonObject f = new JsonObject();
        f.addProperty("version", "4");
        f.addProperty("addr", eip.publicIpAddress());
        f.addProperty("OS-EXT-IPS-MAC:mac_addr", p.macAddress());
        f.addProperty("OS-EXT-IPS:port_id", p.id());
        f.addProperty("OS-EXT-IPS:type", "floating");
        list.add(f);
      }
      addresses.add(vpcId, list);
    }
    o.add("addresses", addresses);
    JsonObject f = new JsonObject();
    int[] size = FLAVORS.getOrDefault(flavor, new int[] {2, 4096});
    f.addProperty("id", flavor);
    f.addProperty("name", flavor);
    f.addProperty("disk", "0");
    f.addProperty("vcpus", Integer.toString(size[0]));
    f.addProperty("ram", Integer.toString(size[1]));
    o.add("flavor", f);
    o.addProperty("accessIPv4", "");
    o.addProperty("accessIPv6", "");
    JsonObject image = new JsonObject();
    image.addProperty("id", imageId);
    o.add("image", image);
    o.addProperty("key_name", (String) null);
    o.addProperty("tenant_id", state.projectId());
    o.addProperty("user_id", state.userId());
    o.addProperty("hostId", Integer.toHexString(id.hashCode()) + Integer.toHexString(name.hashCode()));
    o.addProperty("created", created);
    o.addProperty("updated", updated);
    JsonObject metadata = new JsonObject();
    metadata.addProperty("charging_mode", "0");
    metadata.addProperty("vpc_id", state.vpcId());
    metadata.addProperty("os_type", "Linux");
    metadata.addProperty("metering.image_id", imageId);
    metadata.addProperty("image_name", "Ubuntu 22.04 server 64bit");
    o.add("metadata", metadata);
    o.add("tags", new JsonArray());
    boolean running = status.equals("ACTIVE");
    o.addProperty("OS-EXT-STS:vm_state", running ? "active" : "stopped");
    o.addProperty("OS-EXT-STS:power_state", running ? 1 : 4);
    o.addProperty("OS-EXT-STS:task_state", (String) null);
    o.addProperty("OS-EXT-AZ:availability_zone", availabilityZone);
    o.addProperty("OS-EXT-SRV-ATTR:hostname", name);
    o.addProperty("OS-EXT-SRV-ATTR:instance_name", instanceName);
    o.addProperty("OS-EXT-SRV-ATTR:root_device_name", "/dev/vda");
    o.addProperty("OS-DCF:diskConfig", "MANUAL");
    o.addProperty("OS-SRV-USG:launched_at", created.replace("Z", ".000000"));
    o.addProperty("OS-SRV-USG:terminated_at", "");
    JsonArray groups = new JsonArray();
    for (String sgId : securityGroupIds) {
      state.securityGroup(sgId).ifPresent(sg -> {
        JsonObject g = new JsonObject();
        g.addProperty("name", sg.name());
        g.addProperty("id", sg.id());
        groups.add(g);
      });
    }
    o.add("security_groups", groups);
    JsonArray volumes = new JsonArray();
    JsonObject root = new JsonObject();
    root.addProperty("id", state.derivedId(id, "volume"));
    root.addProperty("delete_on_termination", "true");
    root.addProperty("device", "/dev/vda");
    root.addProperty("bootIndex", "0");
    volumes.add(root);
    o.add("os-extended-volumes:volumes_attached", volumes);
    o.addProperty("enterprise_project_id", "0");
    JsonArray sysTags = new JsonArray();
    JsonObject ep = new JsonObject();
    ep.addProperty("key", "_sys_enterprise_project_id");
    ep.addProperty("value", "0");
    sysTags.add(ep);
    o.add("sys_tags", sysTags);
    return o;
  }

  /** One {@code interfaceAttachments} entry per NIC ({@code os-interface}). */
  List<JsonObject> interfaces() {
    List<JsonObject> out = new ArrayList<>();
    for (Port p : ports) {
      JsonObject i = new JsonObject();
      i.addProperty("port_state", status.equals("ACTIVE") ? "ACTIVE" : "DOWN");
      JsonArray fixed = new JsonArray();
      JsonObject ip = new JsonObject();
      ip.addProperty("subnet_id", p.subnetId());
      ip.addProperty("ip_address", p.ipAddress());
      fixed.add(ip);
      i.add("fixed_ips", fixed);
      i.addProperty("net_id", p.networkId());
      i.addProperty("port_id", p.id());
      i.addProperty("mac_addr", p.macAddress());
      i.addProperty("delete_on_termination", true);
      i.addProperty("driver_mode", "virtio");
      out.add(i);
    }
    return out;
  }
}
