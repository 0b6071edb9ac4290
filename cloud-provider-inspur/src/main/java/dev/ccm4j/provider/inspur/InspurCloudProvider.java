package dev.ccm4j.provider.inspur;

import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.InstancesV2;
import dev.ccm4j.api.LoadBalancer;
import dev.ccm4j.provider.inspur.auth.KeycloakTokenSource;
import dev.ccm4j.provider.inspur.config.InspurConfig;
import dev.ccm4j.provider.inspur.slb.InspurErrorDecoder;
import dev.ccm4j.provider.inspur.slb.InspurLoadBalancer;
import dev.ccm4j.provider.inspur.slb.SlbClient;
import dev.ccm4j.vendor.client.VendorHttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * The Inspur Cloud provider, {@value #NAME}: load balancers as listeners on SLBs created in front, and
 * InstancesV2 from node metadata. No routes, no clusters.
 *
 * <p>One {@link VendorHttpClient} carries every call (SLB and Keycloak), with TLS verification always on and the
 * cloud-config's {@code ca-file} trusted in addition to the system's CAs; its redactor knows the client secret and
 * every token. Creating the provider calls nothing; the first token is fetched by the first SLB call.
 */
public final class InspurCloudProvider implements CloudProvider {
  /** The provider name, as the original CCM registered it. */
  public static final String NAME = InspurProviderIds.SCHEME;

  private final InspurConfig config;
  private final VendorHttpClient http;
  private final KeycloakTokenSource tokens;
  private final SlbClient slb;
  private final InspurLoadBalancer loadBalancer;
  private final InspurInstances instances;

  /**
   * Creates the provider.
   *
   * @param config the validated cloud-config
   * @param clock the clock of token expiry and the {@code Date} header
   * @param userAgent the HTTP {@code User-Agent}
   */
  public InspurCloudProvider(InspurConfig config, Clock clock, String userAgent) {
    this.config = Objects.requireNonNull(config, "config");
    VendorHttpClient.Builder b = VendorHttpClient.builder(NAME)
        .userAgent(userAgent)
        .errorDecoder(new InspurErrorDecoder())
        .callTimeout(config.requestTimeout())
        .readTimeout(min(config.requestTimeout(), Duration.ofSeconds(20)))
        .clock(clock);
    config.caFile().ifPresent(b::trustedCertificates);
    this.http = b.build();
    http.redactor().secret(config.clientSecret());
    this.tokens = new KeycloakTokenSource(http, HttpUrl.get(config.keycloakUrl().toString()), config.clientId(),
        config.clientSecret(), config.requestedSubject(), config.audience(), config.requestTokenType(), clock);
    this.slb = new SlbClient(http, tokens, config.slbUrl(), clock);
    this.loadBalancer = new InspurLoadBalancer(slb);
    this.instances = new InspurInstances(config);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<LoadBalancer> loadBalancer() {
    return Optional.of(loadBalancer);
  }

  @Override
  public Optional<InstancesV2> instancesV2() {
    return Optional.of(instances);
  }

  /**
   * The validated cloud-config.
   *
   * @return the config
   */
  public InspurConfig config() {
    return config;
  }

  /**
   * The SLB API client, shared by every call of this provider.
   *
   * @return the client
   */
  public SlbClient slb() {
    return slb;
  }

  /**
   * The token source, shared by every call of this provider.
   *
   * @return the token source
   */
  public KeycloakTokenSource tokens() {
    return tokens;
  }

  /** Closes the HTTP client and its connection pool. */
  @Override
  public void close() {
    http.close();
  }

  @Override
  public String toString() {
    return "InspurCloudProvider{" + config + "}";
  }
}
