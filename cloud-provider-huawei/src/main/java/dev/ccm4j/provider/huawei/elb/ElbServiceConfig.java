package dev.ccm4j.provider.huawei.elb;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The validated load balancer settings of one Service: its {@code kubernetes.io/elb.*} annotations merged with the
 * {@code loadbalancer-config} defaults. Immutable; built by {@link ElbAnnotations#parse} (or, in tests, by
 * {@link #builder(ElbClass)}).
 */
public final class ElbServiceConfig {
  private final ElbClass elbClass;
  private final Optional<String> elbId;
  private final Optional<String> subnetId;
  private final List<String> availabilityZones;
  private final Optional<String> eipId;
  private final boolean keepEip;
  private final Optional<EipAutoCreate> eipAutoCreate;
  private final String lbAlgorithm;
  private final Optional<SessionPersistence> sessionAffinity;
  private final Optional<HealthCheck> healthCheck;
  private final boolean transparentClientIp;
  private final boolean xForwardedHost;
  private final Optional<String> tlsContainerRef;
  private final OptionalInt idleTimeout;
  private final OptionalInt requestTimeout;
  private final OptionalInt responseTimeout;
  private final boolean crossVpc;
  private final Optional<String> l4FlavorId;
  private final Optional<String> l7FlavorId;
  private final OptionalInt connectionLimit;
  private final Optional<String> natGatewayId;
  private final boolean primaryNicForce;
  private final String lbProvider;
  private final Optional<String> businessName;

  private ElbServiceConfig(Builder b) {
    this.elbClass = Objects.requireNonNull(b.elbClass, "elbClass");
    this.elbId = Objects.requireNonNull(b.elbId, "elbId");
    this.subnetId = Objects.requireNonNull(b.subnetId, "subnetId");
    this.availabilityZones = List.copyOf(b.availabilityZones);
    this.eipId = Objects.requireNonNull(b.eipId, "eipId");
    this.keepEip = b.keepEip;
    this.eipAutoCreate = Objects.requireNonNull(b.eipAutoCreate, "eipAutoCreate");
    this.lbAlgorithm = Objects.requireNonNull(b.lbAlgorithm, "lbAlgorithm");
    this.sessionAffinity = Objects.requireNonNull(b.sessionAffinity, "sessionAffinity");
    this.healthCheck = Objects.requireNonNull(b.healthCheck, "healthCheck");
    this.transparentClientIp = b.transparentClientIp;
    this.xForwardedHost = b.xForwardedHost;
    this.tlsContainerRef = Objects.requireNonNull(b.tlsContainerRef, "tlsContainerRef");
    this.idleTimeout = Objects.requireNonNull(b.idleTimeout, "idleTimeout");
    this.requestTimeout = Objects.requireNonNull(b.requestTimeout, "requestTimeout");
    this.responseTimeout = Objects.requireNonNull(b.responseTimeout, "responseTimeout");
    this.crossVpc = b.crossVpc;
    this.l4FlavorId = Objects.requireNonNull(b.l4FlavorId, "l4FlavorId");
    this.l7FlavorId = Objects.requireNonNull(b.l7FlavorId, "l7FlavorId");
    this.connectionLimit = Objects.requireNonNull(b.connectionLimit, "connectionLimit");
    this.natGatewayId = Objects.requireNonNull(b.natGatewayId, "natGatewayId");
    this.primaryNicForce = b.primaryNicForce;
    this.lbProvider = Objects.requireNonNull(b.lbProvider, "lbProvider");
    this.businessName = Objects.requireNonNull(b.businessName, "businessName");
  }

  /**
   * A builder with every default of an unannotated Service, for the given class.
   *
   * @param elbClass the load balancer kind
   * @return a new builder
   */
  public static Builder builder(ElbClass elbClass) {
    return new Builder(elbClass);
  }

  /**
   * A builder holding this configuration's values, to derive a changed copy.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(elbClass);
    b.elbId = elbId;
    b.subnetId = subnetId;
    b.availabilityZones = availabilityZones;
    b.eipId = eipId;
    b.keepEip = keepEip;
    b.eipAutoCreate = eipAutoCreate;
    b.lbAlgorithm = lbAlgorithm;
    b.sessionAffinity = sessionAffinity;
    b.healthCheck = healthCheck;
    b.transparentClientIp = transparentClientIp;
    b.xForwardedHost = xForwardedHost;
    b.tlsContainerRef = tlsContainerRef;
    b.idleTimeout = idleTimeout;
    b.requestTimeout = requestTimeout;
    b.responseTimeout = responseTimeout;
    b.crossVpc = crossVpc;
    b.l4FlavorId = l4FlavorId;
    b.l7FlavorId = l7FlavorId;
    b.connectionLimit = connectionLimit;
    b.natGatewayId = natGatewayId;
    b.primaryNicForce = primaryNicForce;
    b.lbProvider = lbProvider;
    b.businessName = businessName;
    return b;
  }

  /**
   * The setting: the load balancer kind.
   *
   * @return the load balancer kind
   */
  public ElbClass elbClass() {
    return elbClass;
  }

  /**
   * The setting: the existing ELB to reuse ({@code kubernetes.io/elb.id}); empty to create one.
   *
   * @return the existing ELB to reuse ({@code kubernetes.io/elb.id}); empty to create one
   */
  public Optional<String> elbId() {
    return elbId;
  }

  /**
   * The setting: the VIP subnet ({@code kubernetes.io/elb.subnet-id}); empty for the cloud-config or node subnet.
   *
   * @return the VIP subnet ({@code kubernetes.io/elb.subnet-id}); empty for the cloud-config or node subnet
   */
  public Optional<String> subnetId() {
    return subnetId;
  }

  /**
   * The setting: the dedicated ELB's availability zones, in the annotation's order; empty for other classes that set none.
   *
   * @return the dedicated ELB's availability zones, in the annotation's order; empty for other classes that set none
   */
  public List<String> availabilityZones() {
    return availabilityZones;
  }

  /**
   * The setting: the EIP to bind ({@code kubernetes.io/elb.eip-id}); always empty when an existing ELB is reused.
   *
   * @return the EIP to bind ({@code kubernetes.io/elb.eip-id}); always empty when an existing ELB is reused
   */
  public Optional<String> eipId() {
    return eipId;
  }

  /**
   * The setting: whether the EIP survives the Service's deletion.
   *
   * @return whether the EIP survives the Service's deletion
   */
  public boolean keepEip() {
    return keepEip;
  }

  /**
   * The setting: the EIP to create with a new ELB; always empty when an existing ELB is reused.
   *
   * @return the EIP to create with a new ELB; always empty when an existing ELB is reused
   */
  public Optional<EipAutoCreate> eipAutoCreate() {
    return eipAutoCreate;
  }

  /**
   * The setting: {@code ROUND_ROBIN}, {@code LEAST_CONNECTIONS} or {@code SOURCE_IP}.
   *
   * @return {@code ROUND_ROBIN}, {@code LEAST_CONNECTIONS} or {@code SOURCE_IP}
   */
  public String lbAlgorithm() {
    return lbAlgorithm;
  }

  /**
   * The setting: sticky sessions; empty when off.
   *
   * @return sticky sessions; empty when off
   */
  public Optional<SessionPersistence> sessionAffinity() {
    return sessionAffinity;
  }

  /**
   * The setting: the health monitor; empty when off.
   *
   * @return the health monitor; empty when off
   */
  public Optional<HealthCheck> healthCheck() {
    return healthCheck;
  }

  /**
   * The setting: whether backends see the client's address (shared TCP/UDP listeners).
   *
   * @return whether backends see the client's address (shared TCP/UDP listeners)
   */
  public boolean transparentClientIp() {
    return transparentClientIp;
  }

  /**
   * The setting: whether listeners are HTTP with X-Forwarded-Host.
   *
   * @return whether listeners are HTTP with X-Forwarded-Host
   */
  public boolean xForwardedHost() {
    return xForwardedHost;
  }

  /**
   * The setting: the certificate of {@code TERMINATED_HTTPS} listeners; empty for plain listeners.
   *
   * @return the certificate of {@code TERMINATED_HTTPS} listeners; empty for plain listeners
   */
  public Optional<String> tlsContainerRef() {
    return tlsContainerRef;
  }

  /**
   * The setting: the listeners' idle timeout in seconds, 0 to 4000; empty for the cloud's default.
   *
   * @return the listeners' idle timeout in seconds, 0 to 4000; empty for the cloud's default
   */
  public OptionalInt idleTimeout() {
    return idleTimeout;
  }

  /**
   * The setting: the HTTP request timeout in seconds, 1 to 300; only ever present for HTTP/HTTPS listeners.
   *
   * @return the HTTP request timeout in seconds, 1 to 300; only ever present for HTTP/HTTPS listeners
   */
  public OptionalInt requestTimeout() {
    return requestTimeout;
  }

  /**
   * The setting: the HTTP response timeout in seconds, 1 to 300; only ever present for HTTP/HTTPS listeners.
   *
   * @return the HTTP response timeout in seconds, 1 to 300; only ever present for HTTP/HTTPS listeners
   */
  public OptionalInt responseTimeout() {
    return responseTimeout;
  }

  /**
   * The setting: whether a dedicated ELB accepts backends outside its VPC ({@code ip_target_enable}).
   *
   * @return whether a dedicated ELB accepts backends outside its VPC ({@code ip_target_enable})
   */
  public boolean crossVpc() {
    return crossVpc;
  }

  /**
   * The setting: the dedicated ELB's layer-4 flavor; empty for the default.
   *
   * @return the dedicated ELB's layer-4 flavor; empty for the default
   */
  public Optional<String> l4FlavorId() {
    return l4FlavorId;
  }

  /**
   * The setting: the dedicated ELB's layer-7 flavor; empty for the default.
   *
   * @return the dedicated ELB's layer-7 flavor; empty for the default
   */
  public Optional<String> l7FlavorId() {
    return l7FlavorId;
  }

  /**
   * The setting: the shared ELB listeners' connection limit, -1 (none) to 2147483647; empty for the cloud's default.
   *
   * @return the shared ELB listeners' connection limit, -1 (none) to 2147483647; empty for the cloud's default
   */
  public OptionalInt connectionLimit() {
    return connectionLimit;
  }

  /**
   * The setting: the NAT gateway of {@code dnat} Services.
   *
   * @return the NAT gateway of {@code dnat} Services
   */
  public Optional<String> natGatewayId() {
    return natGatewayId;
  }

  /**
   * The setting: whether members always use the node's primary NIC address (loadbalancer-config {@code primary-nic: force}).
   *
   * @return whether members always use the node's primary NIC address (loadbalancer-config {@code primary-nic: force})
   */
  public boolean primaryNicForce() {
    return primaryNicForce;
  }

  /**
   * The setting: the shared ELB provider, {@code vlb} unless loadbalancer-config says otherwise.
   *
   * @return the shared ELB provider, {@code vlb} unless loadbalancer-config says otherwise
   */
  public String lbProvider() {
    return lbProvider;
  }

  /**
   * The setting: the name that replaces the cluster name in ELB names.
   *
   * @return the name that replaces the cluster name in ELB names
   */
  public Optional<String> businessName() {
    return businessName;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ElbServiceConfig c)) {
      return false;
    }
    return elbClass == c.elbClass
        && elbId.equals(c.elbId)
        && subnetId.equals(c.subnetId)
        && availabilityZones.equals(c.availabilityZones)
        && eipId.equals(c.eipId)
        && keepEip == c.keepEip
        && eipAutoCreate.equals(c.eipAutoCreate)
        && lbAlgorithm.equals(c.lbAlgorithm)
        && sessionAffinity.equals(c.sessionAffinity)
        && healthCheck.equals(c.healthCheck)
        && transparentClientIp == c.transparentClientIp
        && xForwardedHost == c.xForwardedHost
        && tlsContainerRef.equals(c.tlsContainerRef)
        && idleTimeout.equals(c.idleTimeout)
        && requestTimeout.equals(c.requestTimeout)
        && responseTimeout.equals(c.responseTimeout)
        && crossVpc == c.crossVpc
        && l4FlavorId.equals(c.l4FlavorId)
        && l7FlavorId.equals(c.l7FlavorId)
        && connectionLimit.equals(c.connectionLimit)
        && natGatewayId.equals(c.natGatewayId)
        && primaryNicForce == c.primaryNicForce
        && lbProvider.equals(c.lbProvider)
        && businessName.equals(c.businessName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(elbClass, elbId, subnetId, availabilityZones, eipId, keepEip, eipAutoCreate, lbAlgorithm, sessionAffinity, healthCheck, transparentClientIp, xForwardedHost, tlsContainerRef, idleTimeout, requestTimeout, responseTimeout, crossVpc, l4FlavorId, l7FlavorId, connectionLimit, natGatewayId, primaryNicForce, lbProvider, businessName);
  }

  @Override
  public String toString() {
    // annotation values only: nothing here is a credential
    return "ElbServiceConfig{" + "elbClass=" + elbClass + ", "
        + "elbId=" + elbId + ", "
        + "subnetId=" + subnetId + ", "
        + "availabilityZones=" + availabilityZones + ", "
        + "eipId=" + eipId + ", "
        + "keepEip=" + keepEip + ", "
        + "eipAutoCreate=" + eipAutoCreate + ", "
        + "lbAlgorithm=" + lbAlgorithm + ", "
        + "sessionAffinity=" + sessionAffinity + ", "
        + "healthCheck=" + healthCheck + ", "
        + "transparentClientIp=" + transparentClientIp + ", "
        + "xForwardedHost=" + xForwardedHost + ", "
        + "tlsContainerRef=" + tlsContainerRef + ", "
        + "idleTimeout=" + idleTimeout + ", "
        + "requestTimeout=" + requestTimeout + ", "
        + "responseTimeout=" + responseTimeout + ", "
        + "crossVpc=" + crossVpc + ", "
        + "l4FlavorId=" + l4FlavorId + ", "
        + "l7FlavorId=" + l7FlavorId + ", "
        + "connectionLimit=" + connectionLimit + ", "
        + "natGatewayId=" + natGatewayId + ", "
        + "primaryNicForce=" + primaryNicForce + ", "
        + "lbProvider=" + lbProvider + ", "
        + "businessName=" + businessName + "}";
  }

  /** Collects the settings of an {@link ElbServiceConfig}; not thread-safe. */
  public static final class Builder {
    private final ElbClass elbClass;
    private Optional<String> elbId = Optional.empty();
    private Optional<String> subnetId = Optional.empty();
    private List<String> availabilityZones = List.of();
    private Optional<String> eipId = Optional.empty();
    private boolean keepEip = false;
    private Optional<EipAutoCreate> eipAutoCreate = Optional.empty();
    private String lbAlgorithm = "ROUND_ROBIN";
    private Optional<SessionPersistence> sessionAffinity = Optional.empty();
    private Optional<HealthCheck> healthCheck = Optional.of(HealthCheck.defaults());
    private boolean transparentClientIp = false;
    private boolean xForwardedHost = false;
    private Optional<String> tlsContainerRef = Optional.empty();
    private OptionalInt idleTimeout = OptionalInt.empty();
    private OptionalInt requestTimeout = OptionalInt.empty();
    private OptionalInt responseTimeout = OptionalInt.empty();
    private boolean crossVpc = false;
    private Optional<String> l4FlavorId = Optional.empty();
    private Optional<String> l7FlavorId = Optional.empty();
    private OptionalInt connectionLimit = OptionalInt.empty();
    private Optional<String> natGatewayId = Optional.empty();
    private boolean primaryNicForce = false;
    private String lbProvider = "vlb";
    private Optional<String> businessName = Optional.empty();

    private Builder(ElbClass elbClass) {
      this.elbClass = Objects.requireNonNull(elbClass, "elbClass");
    }

    /**
     * Sets the existing ELB to reuse ({@code kubernetes.io/elb.id}); empty to create one.
     *
     * @param value the value
     * @return this builder
     */
    public Builder elbId(Optional<String> value) {
      this.elbId = value;
      return this;
    }

    /**
     * Sets the VIP subnet ({@code kubernetes.io/elb.subnet-id}); empty for the cloud-config or node subnet.
     *
     * @param value the value
     * @return this builder
     */
    public Builder subnetId(Optional<String> value) {
      this.subnetId = value;
      return this;
    }

    /**
     * Sets the dedicated ELB's availability zones, in the annotation's order; empty for other classes that set none.
     *
     * @param value the value
     * @return this builder
     */
    public Builder availabilityZones(List<String> value) {
      this.availabilityZones = value;
      return this;
    }

    /**
     * Sets the EIP to bind ({@code kubernetes.io/elb.eip-id}); always empty when an existing ELB is reused.
     *
     * @param value the value
     * @return this builder
     */
    public Builder eipId(Optional<String> value) {
      this.eipId = value;
      return this;
    }

    /**
     * Sets whether the EIP survives the Service's deletion.
     *
     * @param value the value
     * @return this builder
     */
    public Builder keepEip(boolean value) {
      this.keepEip = value;
      return this;
    }

    /**
     * Sets the EIP to create with a new ELB; always empty when an existing ELB is reused.
     *
     * @param value the value
     * @return this builder
     */
    public Builder eipAutoCreate(Optional<EipAutoCreate> value) {
      this.eipAutoCreate = value;
      return this;
    }

    /**
     * Sets {@code ROUND_ROBIN}, {@code LEAST_CONNECTIONS} or {@code SOURCE_IP}.
     *
     * @param value the value
     * @return this builder
     */
    public Builder lbAlgorithm(String value) {
      this.lbAlgorithm = value;
      return this;
    }

    /**
     * Sets sticky sessions; empty when off.
     *
     * @param value the value
     * @return this builder
     */
    public Builder sessionAffinity(Optional<SessionPersistence> value) {
      this.sessionAffinity = value;
      return this;
    }

    /**
     * Sets the health monitor; empty when off.
     *
     * @param value the value
     * @return this builder
     */
    public Builder healthCheck(Optional<HealthCheck> value) {
      this.healthCheck = value;
      return this;
    }

    /**
     * Sets whether backends see the client's address (shared TCP/UDP listeners).
     *
     * @param value the value
     * @return this builder
     */
    public Builder transparentClientIp(boolean value) {
      this.transparentClientIp = value;
      return this;
    }

    /**
     * Sets whether listeners are HTTP with X-Forwarded-Host.
     *
     * @param value the value
     * @return this builder
     */
    public Builder xForwardedHost(boolean value) {
      this.xForwardedHost = value;
      return this;
    }

    /**
     * Sets the certificate of {@code TERMINATED_HTTPS} listeners; empty for plain listeners.
     *
     * @param value the value
     * @return this builder
     */
    public Builder tlsContainerRef(Optional<String> value) {
      this.tlsContainerRef = value;
      return this;
    }

    /**
     * Sets the listeners' idle timeout in seconds, 0 to 4000; empty for the cloud's default.
     *
     * @param value the value
     * @return this builder
     */
    public Builder idleTimeout(OptionalInt value) {
      this.idleTimeout = value;
      return this;
    }

    /**
     * Sets the HTTP request timeout in seconds, 1 to 300; only ever present for HTTP/HTTPS listeners.
     *
     * @param value the value
     * @return this builder
     */
    public Builder requestTimeout(OptionalInt value) {
      this.requestTimeout = value;
      return this;
    }

    /**
     * Sets the HTTP response timeout in seconds, 1 to 300; only ever present for HTTP/HTTPS listeners.
     *
     * @param value the value
     * @return this builder
     */
    public Builder responseTimeout(OptionalInt value) {
      this.responseTimeout = value;
      return this;
    }

    /**
     * Sets whether a dedicated ELB accepts backends outside its VPC ({@code ip_target_enable}).
     *
     * @param value the value
     * @return this builder
     */
    public Builder crossVpc(boolean value) {
      this.crossVpc = value;
      return this;
    }

    /**
     * Sets the dedicated ELB's layer-4 flavor; empty for the default.
     *
     * @param value the value
     * @return this builder
     */
    public Builder l4FlavorId(Optional<String> value) {
      this.l4FlavorId = value;
      return this;
    }

    /**
     * Sets the dedicated ELB's layer-7 flavor; empty for the default.
     *
     * @param value the value
     * @return this builder
     */
    public Builder l7FlavorId(Optional<String> value) {
      this.l7FlavorId = value;
      return this;
    }

    /**
     * Sets the shared ELB listeners' connection limit, -1 (none) to 2147483647; empty for the cloud's default.
     *
     * @param value the value
     * @return this builder
     */
    public Builder connectionLimit(OptionalInt value) {
      this.connectionLimit = value;
      return this;
    }

    /**
     * Sets the NAT gateway of {@code dnat} Services.
     *
     * @param value the value
     * @return this builder
     */
    public Builder natGatewayId(Optional<String> value) {
      this.natGatewayId = value;
      return this;
    }

    /**
     * Sets whether members always use the node's primary NIC address (loadbalancer-config {@code primary-nic: force}).
     *
     * @param value the value
     * @return this builder
     */
    public Builder primaryNicForce(boolean value) {
      this.primaryNicForce = value;
      return this;
    }

    /**
     * Sets the shared ELB provider, {@code vlb} unless loadbalancer-config says otherwise.
     *
     * @param value the value
     * @return this builder
     */
    public Builder lbProvider(String value) {
      this.lbProvider = value;
      return this;
    }

    /**
     * Sets the name that replaces the cluster name in ELB names.
     *
     * @param value the value
     * @return this builder
     */
    public Builder businessName(Optional<String> value) {
      this.businessName = value;
      return this;
    }

    /**
     * The configuration.
     *
     * @return an immutable configuration with this builder's values
     */
    public ElbServiceConfig build() {
      return new ElbServiceConfig(this);
    }
  }
}
