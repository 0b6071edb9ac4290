package dev.ccm4j.provider.alibaba.emulator;

import com.google.gson.JsonObject;
import dev.ccm4j.cloud.emulator.EmulatorServer;
import dev.ccm4j.cloud.emulator.EmulatorSettings;
import dev.ccm4j.cloud.emulator.VendorEmulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.StringJoiner;

/**
 * An HTTP-level Alibaba Cloud emulator: ECS, VPC, SLB and NLB (every product of {@link ProductCatalog}) and the ECS
 * metadata service on one port, with signatures verified as Alibaba verifies them (RPC HMAC-SHA1 and
 * ACS3-HMAC-SHA256), Alibaba's JSON shapes, errors and paging, and the shared {@code /_ccm4j/} control API (instances,
 * journal, faults, load balancers, routes).
 *
 * <pre>{@code
 * try (AlibabaEmulator cloud = AlibabaEmulator.builder().instances(3).build().start()) {
 *   String cloudConfig = cloud.cloudConfig();   // what the provider reads
 *   cloud.control().stopInstance(cloud.control().instances().get(0).id());
 * }
 * }</pre>
 */
public final class AlibabaEmulator extends VendorEmulator<AlibabaEmulator> {
  /** The region used when none is given. */
  public static final String DEFAULT_REGION = "cn-hangzhou";
  /** The tag key the provider filters on when it looks nodes up by address; every seeded instance carries it. */
  public static final String CLUSTER_TAG = "ack.aliyun.com";
  /** The ECS tag the node controller copies into the node pool label. */
  public static final String NODEPOOL_TAG = "ack.alibabacloud.com/nodepool-id";

  private final Builder config;
  private final AlibabaCloudState state;
  private final List<ProductApi> products;
  private final CredentialStore credentials;
  private final String hostInstanceId;

  private AlibabaEmulator(Builder b) {
    super(b);
    this.config = b;
    Random seeded = new Random(b.seed());
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(CLUSTER_TAG, b.clusterTagValue != null ? b.clusterTagValue : "c" + hex(seeded, 32));
    tags.put(NODEPOOL_TAG, "np" + hex(seeded, 32));
    tags.putAll(b.extraTags);
    this.state = new AlibabaCloudState(b.region, b.clock(), b.seed(), tags, b.routeEntryPending, b.instanceTransition);
    for (int i = 0; i < b.instances(); i++) {
      state.ecs().create(null, null, null, null);
    }
    this.hostInstanceId = state.ecs().instances().stream().findFirst().map(EcsInstance::instanceId).orElse(null);
    this.products = ProductCatalog.products(state);
    this.credentials = new CredentialStore(Map.of(b.accessKeyId, b.accessKeySecret), b.clock(), b.ramLifetime);
    SignatureVerifier verifier = new SignatureVerifier(credentials, b.clock());
    MetadataService metadata = new MetadataService(state, credentials, () -> Optional.ofNullable(hostInstanceId),
        b.ramRole, b.metadataTokenRequired, Long.toString(1_000_000_000_000_000L + Math.abs(seeded.nextLong()
            % 8_000_000_000_000_000L)));
    serve("alibaba", EmulatorServer.builder()
        .dialect(new AlibabaDialect(state.ids(), b.region, AlibabaHandler.productCodes(products)))
        .handler(new AlibabaHandler(state, products, verifier, metadata)), new AlibabaControlPlane(state, products));
  }

  /** A builder: {@code cn-hangzhou}, 3 instances, loopback on a free port, random credentials. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The cloud-config the provider reads ({@code {"Global":{...}}}): region, VPC, vSwitches (as
   * {@code zone:vsw,...}), primary zone, the base64 access key pair, and every product endpoint plus the metadata
   * endpoint pointing at this emulator (over http, or https with {@link VendorEmulator.Options#sslContext}). {@code clusterID} is
   * left unset. It contains the secret: never log it.
   */
  @Override
  public String cloudConfig() {
    String url = endpoint().toString();
    JsonObject global = new JsonObject();
    global.addProperty("region", state.region());
    global.addProperty("vpcid", state.vpcId());
    StringJoiner vswitches = new StringJoiner(",");
    state.vpc().vSwitches().forEach(v -> vswitches.add(v.zoneId() + ":" + v.vSwitchId()));
    global.addProperty("vswitchid", vswitches.toString());
    global.addProperty("zoneid", state.zoneId());
    global.addProperty("accessKeyID", base64(config.accessKeyId));
    global.addProperty("accessKeySecret", base64(config.accessKeySecret));
    global.addProperty("ecsEndpoint", url);
    global.addProperty("slbEndpoint", url);
    global.addProperty("vpcEndpoint", url);
    global.addProperty("nlbEndpoint", url);
    global.addProperty("metadataEndpoint", url);
    JsonObject root = new JsonObject();
    root.add("Global", global);
    return root.toString();
  }

  @Override
  protected AlibabaEmulator self() {
    return this;
  }

  /** The emulated cloud's state, for tests that set up or inspect it directly. */
  public AlibabaCloudState state() {
    return state;
  }

  /** The long-term access key id this emulator accepts. */
  public String accessKeyId() {
    return config.accessKeyId;
  }

  /** The long-term access key secret this emulator accepts. */
  public String accessKeySecret() {
    return config.accessKeySecret;
  }

  /** The RAM role the metadata service hands credentials out for; empty when disabled. */
  public String ramRole() {
    return config.ramRole;
  }

  /** The instance the metadata service describes: the first seeded instance, if any. */
  public Optional<String> metadataInstanceId() {
    return Optional.ofNullable(hostInstanceId);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String hex(Random random, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(Character.forDigit(random.nextInt(16), 16));
    }
    return out.toString();
  }

  /** Builds an {@link AlibabaEmulator}. */
  public static final class Builder extends VendorEmulator.Options<Builder> {
    private String accessKeyId = "LTAI" + EmulatorSettings.random(20);
    private String accessKeySecret = EmulatorSettings.random(30);
    private String region = DEFAULT_REGION;
    private String ramRole = "KubernetesWorkerRole-ccm4j";
    private Duration ramLifetime = Duration.ofHours(1);
    private boolean metadataTokenRequired;
    private Duration routeEntryPending = Duration.ofSeconds(1);
    private Duration instanceTransition = Duration.ofSeconds(1);
    private String clusterTagValue;
    private final Map<String, String> extraTags = new LinkedHashMap<>();

    private Builder() {
      super(20140526L);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * The long-term access key pair the emulator accepts; random by default.
     *
     * @param id the access key id
     * @param secret the access key secret
     * @return this builder
     */
    public Builder accessKey(String id, String secret) {
      this.accessKeyId = requireText(id, "access key id");
      this.accessKeySecret = requireText(secret, "access key secret");
      return this;
    }

    /**
     * The region; default {@code cn-hangzhou}.
     *
     * @param region the region id
     * @return this builder
     */
    public Builder region(String region) {
      this.region = requireText(region, "region");
      return this;
    }

    /**
     * The RAM role the metadata service hands STS credentials out for; an empty name disables it (the service
     * answers 404, like an instance without a role).
     *
     * @param role the role name; default {@code KubernetesWorkerRole-ccm4j}
     * @return this builder
     */
    public Builder ramRole(String role) {
      this.ramRole = Objects.requireNonNull(role, "role").trim();
      return this;
    }

    /**
     * How long issued RAM role credentials are valid; a fresh set is issued once half of it has passed.
     *
     * @param lifetime positive; default one hour
     * @return this builder
     */
    public Builder ramCredentialsLifetime(Duration lifetime) {
      if (lifetime.isNegative() || lifetime.isZero()) {
        throw new IllegalArgumentException("ramCredentialsLifetime must be positive");
      }
      this.ramLifetime = lifetime;
      return this;
    }

    /**
     * Whether the metadata service demands an IMDSv2 token on every read (ECS "hardened mode"); a token that is sent
     * is checked either way.
     *
     * @param required default false
     * @return this builder
     */
    public Builder metadataTokenRequired(boolean required) {
      this.metadataTokenRequired = required;
      return this;
    }

    /**
     * How long a new custom route entry stays {@code Pending} (during which another create in the table is refused
     * with {@code OperationConflict}).
     *
     * @param pending zero or more; default one second
     * @return this builder
     */
    public Builder routeEntryPending(Duration pending) {
      if (pending.isNegative()) {
        throw new IllegalArgumentException("routeEntryPending must not be negative");
      }
      this.routeEntryPending = pending;
      return this;
    }

    /**
     * How long {@code StopInstance} and {@code StartInstance} transitions take ({@code Stopping},
     * {@code Starting}); the control API's stop and start are immediate.
     *
     * @param transition zero or more; default one second
     * @return this builder
     */
    public Builder instanceTransition(Duration transition) {
      if (transition.isNegative()) {
        throw new IllegalArgumentException("instanceTransition must not be negative");
      }
      this.instanceTransition = transition;
      return this;
    }

    /**
     * The value of the {@code ack.aliyun.com} cluster tag on every instance the emulator creates.
     *
     * @param value the cluster id; default a seeded {@code c<32 hex>}
     * @return this builder
     */
    public Builder clusterTag(String value) {
      this.clusterTagValue = requireText(value, "cluster tag value");
      return this;
    }

    /**
     * One more tag on every instance the emulator creates.
     *
     * @param key the tag key
     * @param value the tag value, may be empty
     * @return this builder
     */
    public Builder instanceTag(String key, String value) {
      extraTags.put(requireText(key, "tag key"), Objects.requireNonNull(value, "tag value"));
      return this;
    }

    /** Builds the emulator (its state, seeded instances and server, not yet listening). */
    public AlibabaEmulator build() {
      return new AlibabaEmulator(this);
    }

    private static String requireText(String value, String what) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(what + " must not be empty");
      }
      return value.trim();
    }
  }
}
