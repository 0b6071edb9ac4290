package dev.ccm4j.provider.inspur.emulator;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ccm4j.cloud.emulator.EmulatorRequest;
import dev.ccm4j.cloud.emulator.EmulatorResponse;
import dev.ccm4j.cloud.emulator.EmulatorServer;
import dev.ccm4j.cloud.emulator.EmulatorSettings;
import dev.ccm4j.cloud.emulator.InstanceSpec;
import dev.ccm4j.cloud.emulator.VendorEmulator;
import java.time.Duration;

/**
 * An HTTP-level Inspur Cloud emulator on one port: the SLB REST API under {@code /slb/v1/slbs} (load balancers
 * created "in front", listeners, members), a Keycloak token endpoint for the token-exchange grant, bearer tokens
 * checked on every SLB call and expiring on the emulator's clock, and the shared {@code /_ccm4j/} control API
 * (instances, journal, faults, load balancers, plus {@code POST /_ccm4j/load-balancers} to create an SLB).
 *
 * <pre>{@code
 * try (InspurEmulator cloud = InspurEmulator.builder().build().start()) {
 *   String slbId = cloud.createLoadBalancer("web");   // what a user does in the console
 *   String cloudConfig = cloud.cloudConfig();         // what the provider reads
 * }
 * }</pre>
 */
public final class InspurEmulator extends VendorEmulator<InspurEmulator> {
  /** The region used when none is given. */
  public static final String DEFAULT_REGION = "cn-north-3";
  /** The zone used when none is given. */
  public static final String DEFAULT_ZONE = "cn-north-3a";
  /** The Keycloak realm the token endpoint serves. */
  public static final String REALM = "picp";
  /** The user the CCM's client may impersonate unless told otherwise. */
  public static final String DEFAULT_SUBJECT = "ccm4j";
  /** The name of this vendor's provider. */
  public static final String PROVIDER_NAME = "incloud";

  private final Builder config;
  private final InspurState state;
  private final KeycloakEndpoint keycloak;

  private InspurEmulator(Builder b) {
    super(b);
    this.config = b;
    this.state = new InspurState(b.region, b.zone, b.clock(), b.seed());
    for (int i = 0; i < b.instances(); i++) {
      state.createInstance(InstanceSpec.defaults());
    }
    this.keycloak = new KeycloakEndpoint(b.clientId, b.clientSecret, b.requestedSubject,
        // the issuer is the realm's URL, known once the port is bound
        () -> endpoint() + "/auth/realms/" + REALM,
        b.tokenLifetime, b.clock());
    serve("inspur", EmulatorServer.builder()
        .dialect(new InspurDialect())
        .handler(new InspurHandler(state, keycloak, REALM))
        .controlRoute("POST", "load-balancers", this::createLoadBalancerRoute)
        .controlRoute("POST", "tokens/revoke", this::revokeTokensRoute), new InspurControlPlane(state));
  }

  /**
   * A builder: {@code cn-north-3}/{@code cn-north-3a}, 3 instances, 300 s tokens, loopback on a free port, plain HTTP,
   * a random client secret.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The SLB collection URL, the provider's {@code slbUrl-pre}: {@code <endpoint>/slb/v1/slbs}. */
  public String slbUrl() {
    return endpoint() + SlbRoute.SLBS;
  }

  /** The token endpoint, the provider's {@code keycloakUrl}. */
  public String keycloakUrl() {
    return endpoint() + "/auth/realms/" + REALM + "/protocol/openid-connect/token";
  }

  /**
   * The provider's {@code key=value} cloud-config: {@code slbUrl-pre}, {@code keycloakUrl}, {@code client-secret},
   * {@code token-client-id}, {@code requested-subject}, {@code region} and {@code zone}. With HTTPS the provider
   * additionally needs {@code ca-file} naming the emulator's certificate, which only the caller knows. It contains
   * the client secret: never log it.
   */
  @Override
  public String cloudConfig() {
    return "# ccm4j Inspur emulator at " + endpoint() + "\n"
        + "slbUrl-pre=" + slbUrl() + "\n"
        + "keycloakUrl=" + keycloakUrl() + "\n"
        + "client-secret=" + config.clientSecret + "\n"
        + "token-client-id=" + config.clientId + "\n"
        + "requested-subject=" + config.requestedSubject + "\n"
        + "region=" + config.region + "\n"
        + "zone=" + config.zone + "\n";
  }

  /**
   * Creates an SLB "in front", as a user does in the Inspur console; it has a {@code businessIp} from the SLB subnet
   * and no EIP.
   *
   * @param name the SLB name
   * @return its {@code slbId}
   * @throws IllegalArgumentException when the name is blank
   */
  public String createLoadBalancer(String name) {
    return createLoadBalancer(name, false);
  }

  /**
   * Creates an SLB "in front", optionally with an elastic IP ({@code eipAddress}).
   *
   * @param name the SLB name
   * @param withEip whether it gets an EIP
   * @return its {@code slbId}
   * @throws IllegalArgumentException when the name is blank
   */
  public String createLoadBalancer(String name, boolean withEip) {
    return state.createLoadBalancer(name, withEip).get("slbId").getAsString();
  }

  /**
   * Invalidates every access token issued so far, so the next SLB call with one is answered 401 (what a session
   * logout or a Keycloak restart does to a cached token).
   *
   * @return how many tokens were revoked
   */
  public int revokeTokens() {
    return keycloak.revokeAll();
  }

  @Override
  protected InspurEmulator self() {
    return this;
  }

  /** The emulated cloud's state, for tests that inspect it directly. */
  public InspurState state() {
    return state;
  }

  /** The Keycloak client id the token endpoint accepts. */
  public String clientId() {
    return config.clientId;
  }

  /** The Keycloak client secret the token endpoint accepts. Never log it. */
  public String clientSecret() {
    return config.clientSecret;
  }

  /** The user the client may impersonate ({@code requested_subject}). */
  public String requestedSubject() {
    return config.requestedSubject;
  }

  /** The region of every resource. */
  public String region() {
    return config.region;
  }

  /** The zone of instances created without one. */
  public String zone() {
    return config.zone;
  }

  /** The lifetime of issued access tokens ({@code expires_in}). */
  public Duration tokenLifetime() {
    return config.tokenLifetime;
  }

  private EmulatorResponse createLoadBalancerRoute(EmulatorRequest request) {
    JsonObject body = request.json();
    JsonElement name = body.get("name");
    if (name == null || !name.isJsonPrimitive() || !name.getAsJsonPrimitive().isString()
        || name.getAsString().isBlank()) {
      throw new IllegalArgumentException("body must be {\"name\": \"<slb name>\"} (optionally \"eip\": true)");
    }
    JsonElement eip = body.get("eip");
    if (eip != null && !(eip.isJsonPrimitive() && eip.getAsJsonPrimitive().isBoolean())) {
      throw new IllegalArgumentException("eip must be true or false");
    }
    JsonObject slb = state.createLoadBalancer(name.getAsString(), eip != null && eip.getAsBoolean());
    JsonObject out = new JsonObject();
    out.add("id", slb.get("slbId"));
    out.add("name", slb.get("slbName"));
    out.add("businessIp", slb.get("businessIp"));
    if (!slb.get("eipAddress").isJsonNull()) {
      out.add("eipAddress", slb.get("eipAddress"));
    }
    return EmulatorResponse.json(201, out);
  }

  private EmulatorResponse revokeTokensRoute(EmulatorRequest request) {
    JsonObject out = new JsonObject();
    out.addProperty("revoked", keycloak.revokeAll());
    return EmulatorResponse.json(200, out);
  }

  private static String requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      // the cloud-config is line based: a line break would split the value
      throw new IllegalArgumentException(what + " must not contain a line break");
    }
    return value;
  }

  /** Builds an {@link InspurEmulator}. */
  public static final class Builder extends VendorEmulator.Options<Builder> {
    private String clientId = "incloud-ccm";
    private String clientSecret = EmulatorSettings.random(32);
    private String requestedSubject = DEFAULT_SUBJECT;
    private String region = DEFAULT_REGION;
    private String zone = DEFAULT_ZONE;
    private Duration tokenLifetime = Duration.ofSeconds(300);

    private Builder() {
      super(20200224L);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * The Keycloak client id ({@code token-client-id}); default {@code incloud-ccm}.
     *
     * @param clientId the id
     * @return this builder
     */
    public Builder clientId(String clientId) {
      this.clientId = requireText(clientId, "clientId");
      return this;
    }

    /**
     * The Keycloak client secret ({@code client-secret}); random by default. Any characters but line breaks, so
     * {@code &}, {@code =}, {@code +} and spaces test a client's form encoding.
     *
     * @param clientSecret the secret
     * @return this builder
     */
    public Builder clientSecret(String clientSecret) {
      this.clientSecret = requireText(clientSecret, "clientSecret");
      return this;
    }

    /**
     * The user the client may impersonate ({@code requested-subject}); default {@code ccm4j}.
     *
     * @param subject the user name
     * @return this builder
     */
    public Builder requestedSubject(String subject) {
      this.requestedSubject = requireText(subject, "requestedSubject");
      return this;
    }

    /**
     * The region; default {@code cn-north-3}.
     *
     * @param region the region id
     * @return this builder
     */
    public Builder region(String region) {
      this.region = requireText(region, "region");
      return this;
    }

    /**
     * The zone of instances created without one; default {@code cn-north-3a}.
     *
     * @param zone the zone id
     * @return this builder
     */
    public Builder zone(String zone) {
      this.zone = requireText(zone, "zone");
      return this;
    }

    /**
     * How long an access token is valid ({@code expires_in}); default 300 s, Keycloak's default.
     *
     * @param lifetime at least one second
     * @return this builder
     */
    public Builder tokenLifetime(Duration lifetime) {
      if (lifetime == null || lifetime.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("tokenLifetime must be at least one second");
      }
      this.tokenLifetime = lifetime;
      return this;
    }

    /** Builds the emulator (not yet started). */
    public InspurEmulator build() {
      return new InspurEmulator(this);
    }
  }
}
