package dev.ccm4j.provider.alibaba.clb;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Service's CLB annotations, validated and in canonical form. Built only by {@link ClbAnnotations#parse}, so an
 * instance always describes a configuration that passed every check.
 */
public final class ClbSettings {
  private final Map<ClbAnnotation, String> values;
  private final Map<Integer, ListenerProtocol> protocolPorts;
  private final Map<Integer, Integer> forwardPorts;
  private final Map<Integer, String> vgroupPorts;
  private final List<DomainExtension> domainExtensions;
  private final Map<String, String> additionalTags;
  private final Map<String, String> backendLabels;

  /**
   * An SNI certificate of an HTTPS listener.
   *
   * @param domain the domain name
   * @param certificateId the server certificate id
   */
  public record DomainExtension(String domain, String certificateId) {
    /** Checks the fields. */
    public DomainExtension {
      Objects.requireNonNull(domain, "domain");
      Objects.requireNonNull(certificateId, "certificateId");
    }
  }

  ClbSettings(Map<ClbAnnotation, String> values, Map<Integer, ListenerProtocol> protocolPorts,
      Map<Integer, Integer> forwardPorts, Map<Integer, String> vgroupPorts, List<DomainExtension> domainExtensions,
      Map<String, String> additionalTags, Map<String, String> backendLabels) {
    this.values = values.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(values));
    this.protocolPorts = Map.copyOf(protocolPorts);
    this.forwardPorts = Map.copyOf(forwardPorts);
    this.vgroupPorts = Map.copyOf(vgroupPorts);
    this.domainExtensions = List.copyOf(domainExtensions);
    this.additionalTags = Collections.unmodifiableMap(new LinkedHashMap<>(additionalTags));
    this.backendLabels = Collections.unmodifiableMap(new LinkedHashMap<>(backendLabels));
  }

  /**
   * The canonical value of an annotation, when the Service sets it.
   *
   * @param annotation the annotation
   * @return the value, e.g. {@code on}, {@code 5}, {@code PayBySpec}
   */
  public Optional<String> get(ClbAnnotation annotation) {
    return Optional.ofNullable(values.get(annotation));
  }

  /**
   * The value of an integer annotation.
   *
   * @param annotation an annotation with a range format
   * @return the number, when set
   */
  public Optional<Integer> integer(ClbAnnotation annotation) {
    return get(annotation).map(Integer::parseInt);
  }

  /**
   * Whether an on/off annotation is {@code on}.
   *
   * @param annotation an on/off annotation
   * @return true only when set to {@code on}
   */
  public boolean isOn(ClbAnnotation annotation) {
    return "on".equals(values.get(annotation));
  }

  /**
   * Every annotation the Service sets, in canonical form.
   *
   * @return annotation to value
   */
  public Map<ClbAnnotation, String> values() {
    return values;
  }

  /**
   * Listener protocols from {@code loadbalancer-protocol-port}.
   *
   * @return service port to protocol; ports not listed use their own protocol
   */
  public Map<Integer, ListenerProtocol> protocolPorts() {
    return protocolPorts;
  }

  /**
   * HTTP to HTTPS redirects from {@code loadbalancer-forward-port}.
   *
   * @return HTTP listener port to HTTPS listener port
   */
  public Map<Integer, Integer> forwardPorts() {
    return forwardPorts;
  }

  /**
   * User VServer groups from {@code loadbalancer-vgroup-port}.
   *
   * @return service port to VServer group id
   */
  public Map<Integer, String> vgroupPorts() {
    return vgroupPorts;
  }

  /**
   * SNI certificates from {@code loadbalancer-domain-extensions}.
   *
   * @return the extensions in annotation order
   */
  public List<DomainExtension> domainExtensions() {
    return domainExtensions;
  }

  /**
   * Extra tags from {@code loadbalancer-additional-resource-tags}.
   *
   * @return key to value (value may be empty), in annotation order
   */
  public Map<String, String> additionalTags() {
    return additionalTags;
  }

  /**
   * Node label selector from {@code loadbalancer-backend-label}.
   *
   * @return label to required value; empty selects every node
   */
  public Map<String, String> backendLabels() {
    return backendLabels;
  }

  /**
   * The reused CLB's id from {@code loadbalancer-id}.
   *
   * @return the id, when the Service reuses an existing CLB
   */
  public Optional<String> reusedLoadBalancerId() {
    return get(ClbAnnotation.LOADBALANCER_ID);
  }

  /**
   * Whether listeners of a reused CLB are managed ({@code loadbalancer-force-override-listeners: "true"}).
   *
   * @return true to manage them
   */
  public boolean forceOverrideListeners() {
    return "true".equals(values.get(ClbAnnotation.FORCE_OVERRIDE_LISTENERS));
  }

  /**
   * Whether the CLB is kept when the Service goes ({@code loadbalancer-preserve-lb-on-delete} set).
   *
   * @return true to keep it
   */
  public boolean preserveOnDelete() {
    return values.containsKey(ClbAnnotation.PRESERVE_LB_ON_DELETE);
  }

  /**
   * The listener protocol of a service port.
   *
   * @param port the service port number
   * @param serviceProtocol the port's {@code protocol} ({@code TCP} when null)
   * @return the protocol from {@code loadbalancer-protocol-port}, else the port's own
   */
  public ListenerProtocol protocolFor(int port, String serviceProtocol) {
    ListenerProtocol p = protocolPorts.get(port);
    if (p != null) {
      return p;
    }
    return "UDP".equalsIgnoreCase(serviceProtocol) ? ListenerProtocol.UDP : ListenerProtocol.TCP;
  }

  @Override
  public String toString() {
    // annotation values are configuration, never credentials
    return "ClbSettings" + values;
  }
}
