package dev.ccm4j.provider.huawei.emulator;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ccm4j.cloud.emulator.EmulatorRequest;
import dev.ccm4j.cloud.emulator.EmulatorResponse;
import dev.ccm4j.cloud.emulator.EmulatorServer;
import dev.ccm4j.cloud.emulator.InstanceSpec;
import dev.ccm4j.cloud.emulator.VendorEmulator;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An HTTP-level Huawei Cloud emulator on one port, every service told apart by path as a client given one endpoint
 * for all of them expects: ECS ({@code /v1/{project}/cloudservers...}, Nova {@code /v2.1/{project}/servers...}),
 * ELB v2 and v3, classic ELB v1.0 with jobs, EIP and VPC v1, NAT and DNAT, Neutron ports, IAM projects
 * ({@code /v3/projects}) and the metadata service ({@code /openstack/latest/...}). Every API call must carry a valid
 * {@code SDK-HMAC-SHA256} signature (rebuilt from the client's {@code SignedHeaders}), and name the emulator's
 * project; answers and errors are Huawei's JSON shapes. The shared {@code /_ccm4j/} control API adds
 * {@code POST /_ccm4j/eips}, {@code GET /_ccm4j/eips}, {@code POST /_ccm4j/load-balancers} (an ELB created "in
 * the console"), {@code POST /_ccm4j/elb/fail-provisioning} (the next ELB changes end in {@code ERROR}) and
 * {@code POST /_ccm4j/credentials/revoke}.
 *
 * <pre>{@code
 * try (HuaweiEmulator cloud = HuaweiEmulator.builder().build().start()) {
 *   String cloudConfig = cloud.cloudConfig();   // what the provider reads
 * }
 * }</pre>
 */
public final class HuaweiEmulator extends VendorEmulator<HuaweiEmulator> {
  /** The region used when none is given. */
  public static final String DEFAULT_REGION = "cn-north-4";
  /** The name of this vendor's provider. */
  public static final String PROVIDER_NAME = "huaweicloud";

  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z0-9]+)+");
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_\\-+/=.]{8,128}");

  private final Builder config;
  private final HuaweiState state;
  private final AccessKeys keys;
  private final List<ProductRoutes> products;
  private final ElbProduct elb;
  private final NatProduct nat;
  private final String metadataInstanceId;

  private HuaweiEmulator(Builder b) {
    super(b);
    this.config = b;
    this.state = new HuaweiState(b.region, b.zones(), b.projectId, b.clock(), b.seed(), b.provisioningDelay);
    for (int i = 0; i < b.instances(); i++) {
      state.createServer(InstanceSpec.builder().zone(state.availabilityZones()
          .get(i % state.availabilityZones().size())).build());
    }
    this.metadataInstanceId = state.servers().stream().findFirst().map(Server::id).orElse(null);
    this.keys = new AccessKeys(b.accessKey, b.secretKey, b.securityKeyLifetime, state);
    List<ProductRoutes> p = new ArrayList<>();
    p.add(new EcsProduct(state));
    p.add(new IamProduct(state));
    p.add(new VpcProduct(state));
    this.elb = new ElbProduct(state);
    p.add(elb);
    p.add(new ClassicElbProduct(state));
    this.nat = new NatProduct(state);
    p.add(nat);
    this.products = List.copyOf(p);
    SignatureVerifier verifier = new SignatureVerifier(keys, b.clock());
    MetadataService metadata = new MetadataService(state, keys, () -> Optional.ofNullable(metadataInstanceId));
    HuaweiHandler handler = new HuaweiHandler(state, products, verifier, metadata);
    serve("huawei", EmulatorServer.builder()
        .dialect(new HuaweiDialect(() -> products))
        .handler(handler::handle)
        .controlRoute("POST", "eips", this::createEipRoute)
        .controlRoute("GET", "eips", this::listEipsRoute)
        .controlRoute("POST", "load-balancers", this::createLoadBalancerRoute)
        .controlRoute("POST", "elb/fail-provisioning", this::failProvisioningRoute)
        .controlRoute("POST", "credentials/revoke", this::revokeRoute),
        new HuaweiControlPlane(state, () -> products));
  }

  /**
   * A builder: {@code cn-north-4} with zones {@code cn-north-4a}, {@code cn-north-4b}, random keys, a seeded project
   * id, 3 instances, 200 ms ELB provisioning, one-hour temporary keys, loopback on a free port, plain HTTP.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The provider's INI cloud-config: {@code [Global]} region, access-key, secret-key, project-id, endpoint (this
   * emulator, for every service) and metadata-endpoint; {@code [Vpc]} id and subnet-id (the default subnet's IPv4
   * subnet id); comments name the availability zones, the node security group and the NAT gateway with its floating
   * IP. It contains the secret key: never log it.
   */
  @Override
  public String cloudConfig() {
    String url = endpoint().toString();
    return "# ccm4j Huawei Cloud emulator at " + url + "\n"
        + "# availability zones: " + String.join(",", state.availabilityZones()) + "\n"
        + "# node security group (set [Vpc] security-group-id to associate it with nodes): "
        + state.nodeSecurityGroupId() + "\n"
        + "# NAT gateway (kubernetes.io/natgateway.id for elb.class dnat): " + nat.natGatewayId()
        + ", floating IP (spec.loadBalancerIP): " + nat.floatingIpAddress() + "\n"
        + "[Global]\n"
        + "region=" + config.region + "\n"
        + "access-key=" + config.accessKey + "\n"
        + "secret-key=" + config.secretKey + "\n"
        + "project-id=" + state.projectId() + "\n"
        + "endpoint=" + url + "\n"
        + "metadata-endpoint=" + url + "\n"
        + "\n"
        + "[Vpc]\n"
        + "id=" + state.vpcId() + "\n"
        + "subnet-id=" + state.defaultSubnet().neutronSubnetId() + "\n";
  }

  @Override
  protected HuaweiEmulator self() {
    return this;
  }

  /** The region. */
  public String region() {
    return config.region;
  }

  /** The availability zones, in order; instances are spread over them. */
  public List<String> availabilityZones() {
    return state.availabilityZones();
  }

  /** The project id every path and {@code X-Project-Id} must name. */
  public String projectId() {
    return state.projectId();
  }

  /** The access key the signature check accepts. */
  public String accessKey() {
    return config.accessKey;
  }

  /** The secret key requests are signed with. Never log it. */
  public String secretKey() {
    return config.secretKey;
  }

  /** The VPC id ({@code [Vpc] id}). */
  public String vpcId() {
    return state.vpcId();
  }

  /** The default subnet's IPv4 (Neutron) subnet id ({@code [Vpc] subnet-id}, ELB {@code vip_subnet_id}). */
  public String subnetId() {
    return state.defaultSubnet().neutronSubnetId();
  }

  /** The IPv4 subnet ids of every subnet, one per availability zone, the default first. */
  public List<String> subnetIds() {
    return state.subnets().stream().map(Subnet::neutronSubnetId).toList();
  }

  /** The id of the {@code ccm4j-nodes} security group, for the provider's {@code [Vpc] security-group-id}. */
  public String nodeSecurityGroupId() {
    return state.nodeSecurityGroupId();
  }

  /** The seeded NAT gateway's id, for {@code kubernetes.io/natgateway.id}. */
  public String natGatewayId() {
    return nat.natGatewayId();
  }

  /** The seeded NAT gateway's floating IP, for a {@code dnat} Service's {@code spec.loadBalancerIP}. */
  public String natFloatingIp() {
    return nat.floatingIpAddress();
  }

  /**
   * The security groups a server is in, by id.
   *
   * @param serverId the server id
   * @return the group ids in attach order; empty when the server does not exist
   */
  public List<String> securityGroupsOf(String serverId) {
    synchronized (state.lock()) {
      return state.server(serverId).map(s -> List.copyOf(s.securityGroupIds())).orElse(List.of());
    }
  }

  /** The server the metadata service answers for: the first one seeded; empty when none was. */
  public Optional<String> metadataInstanceId() {
    return Optional.ofNullable(metadataInstanceId);
  }

  /** How long a new load balancer stays {@code PENDING_CREATE} on the emulator's clock. */
  public Duration provisioningDelay() {
    return config.provisioningDelay;
  }

  /**
   * Allocates an unbound EIP ({@code 5_bgp}, 5 Mbit/s), as a user does in the console.
   *
   * @return its id
   */
  public String createEip() {
    return state.eips().create("5_bgp", 5, "PER", "traffic", null).id();
  }

  /**
   * The public address of an EIP.
   *
   * @param id the EIP id
   * @return the address, if the EIP exists
   */
  public Optional<String> eipAddress(String id) {
    return state.eips().get(id).map(Eip::publicIpAddress);
  }

  /**
   * The port an EIP is bound to.
   *
   * @param id the EIP id
   * @return the port id; empty when unbound or unknown
   */
  public Optional<String> eipPort(String id) {
    synchronized (state.lock()) {
      return state.eips().get(id).map(Eip::portId);
    }
  }

  /**
   * Creates an {@code ACTIVE} ELB as a user does in the console, for {@code kubernetes.io/elb.id} reuse.
   *
   * @param dedicated a v3 (dedicated) ELB rather than a shared v2 one
   * @param name its name
   * @return its id
   */
  public String createLoadBalancer(boolean dedicated, String name) {
    JsonObject body = new JsonObject();
    body.addProperty("class", dedicated ? "dedicated" : "shared");
    body.addProperty("name", name);
    return elb.createForControl(body).get("id").getAsString();
  }

  /**
   * Makes the next ELB provisioning transitions end in {@code ERROR} instead of {@code ACTIVE}.
   *
   * @param count how many
   */
  public void failNextElbProvisioning(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1");
    }
    elb.failNextProvisioning(count);
  }

  /** Invalidates every temporary key the metadata service issued, so calls signed with them get 401. */
  public void revokeTemporaryCredentials() {
    keys.revokeTemporary();
  }

  /** The emulated cloud, for tests and products in this package. */
  HuaweiState state() {
    return state;
  }

  private EmulatorResponse createEipRoute(EmulatorRequest request) {
    JsonObject body = request.json();
    String type = text(body, "type").orElse("5_bgp");
    int size = body.has("size") && body.get("size").isJsonPrimitive() ? body.get("size").getAsInt() : 5;
    Eip eip;
    try {
      eip = state.eips().create(type, size, text(body, "shareType").orElse("PER"),
          text(body, "chargeMode").orElse("traffic"), text(body, "name").orElse(null));
    } catch (HuaweiApiError e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return EmulatorResponse.json(201, eipView(eip));
  }

  private EmulatorResponse createLoadBalancerRoute(EmulatorRequest request) {
    return EmulatorResponse.json(201, elb.createForControl(request.json()));
  }

  private EmulatorResponse failProvisioningRoute(EmulatorRequest request) {
    JsonObject body = request.json();
    JsonElement count = body.get("count");
    if (count != null && !(count.isJsonPrimitive() && count.getAsJsonPrimitive().isNumber())) {
      throw new IllegalArgumentException("count must be a number");
    }
    failNextElbProvisioning(count == null ? 1 : count.getAsInt());
    return EmulatorResponse.empty(204);
  }

  private EmulatorResponse listEipsRoute(EmulatorRequest request) {
    JsonArray out = new JsonArray();
    synchronized (state.lock()) {
      state.eips().all().forEach(e -> out.add(eipView(e)));
    }
    return EmulatorResponse.json(200, out);
  }

  private EmulatorResponse revokeRoute(EmulatorRequest request) {
    keys.revokeTemporary();
    return EmulatorResponse.empty(204);
  }

  private static JsonObject eipView(Eip e) {
    JsonObject o = new JsonObject();
    o.addProperty("id", e.id());
    o.addProperty("public_ip_address", e.publicIpAddress());
    o.addProperty("status", e.status());
    if (e.portId() != null) {
      o.addProperty("port_id", e.portId());
    }
    return o;
  }

  private static Optional<String> text(JsonObject o, String name) {
    JsonElement e = o.get(name);
    if (e == null || e.isJsonNull()) {
      return Optional.empty();
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw new IllegalArgumentException(name + " must be a string");
    }
    return Optional.of(e.getAsString());
  }

  private static String randomKey(int length) {
    SecureRandom random = new SecureRandom();
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  /** Builds a {@link HuaweiEmulator}. */
  public static final class Builder extends VendorEmulator.Options<Builder> {
    private String region = DEFAULT_REGION;
    private List<String> zones;
    private String accessKey = randomKey(20);
    private String secretKey = randomKey(40);
    private String projectId;
    private Duration provisioningDelay = Duration.ofMillis(200);
    private Duration securityKeyLifetime = Duration.ofHours(1);

    private Builder() {
      super(20160815L);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * The region; default {@code cn-north-4}. Its zones are {@code <region>a} and {@code <region>b} unless
     * {@link #zones} says otherwise.
     *
     * @param region e.g. {@code ap-southeast-1}
     * @return this builder
     */
    public Builder region(String region) {
      if (region == null || !REGION.matcher(region).matches()) {
        throw new IllegalArgumentException("region must look like cn-north-4, got " + region);
      }
      this.region = region;
      return this;
    }

    /**
     * The availability zones; default {@code <region>a, <region>b}.
     *
     * @param zones one or more zone names
     * @return this builder
     */
    public Builder zones(List<String> zones) {
      if (zones == null || zones.isEmpty() || zones.stream().anyMatch(z -> z == null || !REGION.matcher(z)
          .matches())) {
        throw new IllegalArgumentException("zones must be one or more names like cn-north-4a");
      }
      this.zones = List.copyOf(zones);
      return this;
    }

    /**
     * The permanent access key; random by default.
     *
     * @param accessKey 8 to 128 characters of letters, digits and {@code _-+/=.}
     * @return this builder
     */
    public Builder accessKey(String accessKey) {
      this.accessKey = key(accessKey, "accessKey");
      return this;
    }

    /**
     * The permanent secret key; random by default.
     *
     * @param secretKey 8 to 128 characters of letters, digits and {@code _-+/=.}
     * @return this builder
     */
    public Builder secretKey(String secretKey) {
      this.secretKey = key(secretKey, "secretKey");
      return this;
    }

    /**
     * The project id; seeded by default.
     *
     * @param projectId 32 lower-case hex digits, as Huawei's
     * @return this builder
     */
    public Builder projectId(String projectId) {
      if (projectId == null || !projectId.matches("[0-9a-f]{32}")) {
        throw new IllegalArgumentException("projectId must be 32 lower-case hex digits");
      }
      this.projectId = projectId;
      return this;
    }

    /**
     * How long an ELB stays {@code PENDING_CREATE} / {@code PENDING_UPDATE} on the emulator's clock; default 200 ms.
     *
     * @param delay zero or more
     * @return this builder
     */
    public Builder provisioningDelay(Duration delay) {
      if (delay == null || delay.isNegative()) {
        throw new IllegalArgumentException("provisioningDelay must not be negative");
      }
      this.provisioningDelay = delay;
      return this;
    }

    /**
     * How long a temporary key from the metadata service's {@code securitykey} is valid; default one hour.
     *
     * @param lifetime at least two minutes (the SDKs refresh one minute before expiry)
     * @return this builder
     */
    public Builder securityKeyLifetime(Duration lifetime) {
      if (lifetime == null || lifetime.compareTo(Duration.ofMinutes(2)) < 0) {
        throw new IllegalArgumentException("securityKeyLifetime must be at least two minutes");
      }
      this.securityKeyLifetime = lifetime;
      return this;
    }

    List<String> zones() {
      return zones != null ? zones : List.of(region + "a", region + "b");
    }

    private static String key(String value, String what) {
      if (value == null || !KEY.matcher(value).matches()) {
        throw new IllegalArgumentException(what + " must be 8 to 128 letters, digits or _-+/=.");
      }
      return value;
    }

    /** Builds the emulator (not yet started). */
    public HuaweiEmulator build() {
      return new HuaweiEmulator(this);
    }
  }
}
