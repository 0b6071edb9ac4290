package dev.ccm4j.provider.inspur.emulator;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ccm4j.cloud.emulator.ControlClient;
import dev.ccm4j.cloud.emulator.EmulatorRequest;
import dev.ccm4j.cloud.emulator.EmulatorResponse;
import dev.ccm4j.cloud.emulator.EmulatorServer;
import dev.ccm4j.cloud.emulator.EmulatorSettings;
import dev.ccm4j.cloud.emulator.InstanceSpec;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

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
public final class InspurEmulator implements AutoCloseable {
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
  private final InspurControlPlane controlPlane;
  private final EmulatorServer server;
  private volatile ControlClient control;

  private InspurEmulator(Builder b) {
    this.config = b;
    this.state = new InspurState(b.region, b.zone, b.clock, b.seed);
    for (int i = 0; i < b.instances; i++) {
      state.createInstance(InstanceSpec.defaults());
    }
    this.keycloak = new KeycloakEndpoint(b.clientId, b.clientSecret, b.requestedSubject,
        // the issuer is the realm's URL, known once the port is bound
        () -> endpoint() + "/auth/realms/" + REALM,
        b.tokenLifetime, b.clock);
    this.controlPlane = new InspurControlPlane(state);
    EmulatorServer.Builder server = EmulatorServer.builder();
    if (b.sslContext != null) {
      server.sslContext(b.sslContext);
    }
    this.server = server
        .name("inspur")
        .bindAddress(b.bindAddress)
        .port(b.port)
        .clock(b.clock)
        .dialect(new InspurDialect())
        .handler(new InspurHandler(state, keycloak, REALM))
        .control(controlPlane)
        .controlRoute("POST", "load-balancers", this::createLoadBalancerRoute)
        .controlRoute("POST", "tokens/revoke", this::revokeTokensRoute)
        .build();
  }

  /**
   * A builder: {@code cn-north-3}/{@code cn-north-3a}, 3 instances, 300 s tokens, loopback on a free port, plain HTTP,
   * a random client secret.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds the port and starts serving.
   *
   * @return this emulator
   * @throws java.io.UncheckedIOException when the address cannot be bound
   */
  public InspurEmulator start() {
    server.start();
    return this;
  }

  /** The base URI, e.g. {@code http://127.0.0.1:40123} ({@code https} with {@link Builder#sslContext}). */
  public URI endpoint() {
    return server.endpoint();
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

  /**
   * A client of this emulator's control API. With HTTPS it uses the {@link Builder#sslContext} as its client
   * context, so that context must also trust the server certificate; otherwise use {@link #control(SSLContext)}.
   */
  public ControlClient control() {
    ControlClient c = control;
    if (c == null) {
      c = config.sslContext != null ? new ControlClient(endpoint(), config.sslContext) : new ControlClient(endpoint());
      control = c;
    }
    return c;
  }

  /**
   * A client of this emulator's control API over HTTPS with the given client context.
   *
   * @param clientContext trusts the emulator's certificate
   * @return a new client
   */
  public ControlClient control(SSLContext clientContext) {
    return new ControlClient(endpoint(), Objects.requireNonNull(clientContext, "clientContext"));
  }

  /** The underlying server: its journal and fault rules. */
  public EmulatorServer server() {
    return server;
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

  /** The vendor-neutral view the control API serves. */
  InspurControlPlane controlPlane() {
    return controlPlane;
  }

  /** Stops serving. */
  @Override
  public void close() {
    server.close();
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
  public static final class Builder {
    private String clientId = "incloud-ccm";
    private String clientSecret = EmulatorSettings.random(32);
    private String requestedSubject = DEFAULT_SUBJECT;
    private String region = DEFAULT_REGION;
    private String zone = DEFAULT_ZONE;
    private int instances = 3;
    private Duration tokenLifetime = Duration.ofSeconds(300);
    private Clock clock = Clock.systemUTC();
    private String bindAddress = "127.0.0.1";
    private int port;
    private SSLContext sslContext;
    private long seed = 20200224L;

    private Builder() {}

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
     * How many running instances to seed; default 3.
     *
     * @param instances 0 or more
     * @return this builder
     */
    public Builder instances(int instances) {
      if (instances < 0) {
        throw new IllegalArgumentException("instances must not be negative, got " + instances);
      }
      this.instances = instances;
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

    /**
     * The clock tokens expire on and the journal is stamped with; tests inject one they can advance.
     *
     * @param clock the clock; default system UTC
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The address to listen on; default {@code 127.0.0.1}.
     *
     * @param bindAddress an IP literal or host name
     * @return this builder
     */
    public Builder bindAddress(String bindAddress) {
      this.bindAddress = requireText(bindAddress, "bindAddress");
      return this;
    }

    /**
     * The port; default 0, a free one.
     *
     * @param port 0 to 65535
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Serves HTTPS with this server context instead of plain HTTP.
     *
     * @param sslContext the server's TLS context
     * @return this builder
     */
    public Builder sslContext(SSLContext sslContext) {
      this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
      return this;
    }

    /**
     * The seed of the id generator, so ids repeat from run to run.
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Builds the emulator (not yet started). */
    public InspurEmulator build() {
      return new InspurEmulator(this);
    }
  }
}
