package dev.ccm4j.testkit.cloud;

import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.Clusters;
import dev.ccm4j.api.InstanceNotFoundException;
import dev.ccm4j.api.Instances;
import dev.ccm4j.api.InstancesV2;
import dev.ccm4j.api.LoadBalancer;
import dev.ccm4j.api.PersistentVolumeLabeler;
import dev.ccm4j.api.ProviderContext;
import dev.ccm4j.api.ProviderId;
import dev.ccm4j.api.Route;
import dev.ccm4j.api.Routes;
import dev.ccm4j.api.Zone;
import dev.ccm4j.api.Zones;
import io.kubernetes.client.openapi.models.V1Service;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A recording, in-memory cloud implementing every capability of the provider SPI, for controller and provider
 * tests. Everything is thread-safe: a test may set up state, inject faults and read the call log while
 * controllers call the cloud from many threads.
 *
 * <p>What it offers, beyond upstream's {@code fake.Cloud}:
 * <ul>
 *   <li><b>State</b> that behaves like a cloud: instances ({@link #addInstance}) answer by provider ID first and
 *       node name otherwise, a stopped instance exists and is shut down, a terminated or removed one is gone
 *       ({@link InstanceNotFoundException}), a provisioning one has no metadata yet. Load balancers
 *       ({@link #loadBalancers()}) are created by ensure, keep their ingress across ensures, get exactly the hosts
 *       of the last ensure or update, and vanish on delete. A route whose target node's instance is terminated is
 *       listed as a blackhole. Routes, clusters, volume labels and the local zone are set the same way.
 *   <li><b>A call log</b> of every SPI call in arrival order ({@link #calls()}, {@link #count}), plus the
 *       ensure and update calls with their hosts ({@link #ensureCalls()}, {@link #updateCalls()}).
 *   <li><b>Fault injection</b> for the next N calls or forever, optionally aimed at one node, provider ID or
 *       service ({@link #failNext}, {@link #failAlways}); <b>delays</b> that honour interruption
 *       ({@link #setDelay}); <b>hooks</b> that run inside a call ({@link #onCall}); and the highest number of
 *       overlapping calls seen per object ({@link #maxConcurrentCalls}).
 *   <li><b>Switches</b> to disable any capability ({@link #disable}).
 * </ul>
 *
 * <p>Each call is, in order: recorded, passed to the hooks, delayed, failed if a fault matches, then applied.
 *
 * <pre>{@code
 * FakeCloud cloud = new FakeCloud();
 * cloud.addInstance(FakeInstance.builder("node-1").instanceType("small").zone("zone-a").region("region-1")
 *     .address("InternalIP", "10.0.0.1").build());
 * cloud.failNext(Operation.INSTANCE_METADATA, "node-1", 1, new ThrottledException("slow down"));
 * cloud.disable(Capability.ROUTES);
 *
 * runControllersAgainst(cloud);
 *
 * assertThat(cloud.count(Operation.INSTANCE_METADATA)).isEqualTo(2);
 * assertThat(cloud.findLoadBalancer("default/web")).hasValueSatisfying(
 *     lb -> assertThat(lb.nodes()).containsExactly("node-1"));
 * }</pre>
 */
public final class FakeCloud implements CloudProvider {
  /** The default provider name. */
  public static final String DEFAULT_NAME = "fake";

  private final String name;
  private final CallGate gate;
  private final Set<Capability> disabled = ConcurrentHashMap.newKeySet();
  private final InstanceRegistry instanceRegistry = new InstanceRegistry();
  private final FakeLoadBalancers loadBalancers;
  private final FakeInstances instances;
  private final FakeInstancesV2 instancesV2;
  private final FakeZones zones;
  private final FakeRoutes routes;
  private final FakeClusters clusters;
  private final FakeVolumeLabeler volumeLabeler;
  private volatile Zone localZone = Zone.of("", "");
  private volatile boolean hasClusterId = true;
  private volatile ProviderContext context;
  private volatile boolean closed;

  /** A fake cloud named {@code fake} on the system clock. */
  public FakeCloud() {
    this(DEFAULT_NAME);
  }

  /**
   * A fake cloud with another name, which is also the scheme of the provider IDs it derives.
   *
   * @param name the provider name; lower-case letters, digits, {@code .} and {@code -}
   */
  public FakeCloud(String name) {
    this(name, Clock.systemUTC());
  }

  /**
   * A fake cloud with another name and a clock for the call log's timestamps.
   *
   * @param name the provider name
   * @param clock the clock
   */
  public FakeCloud(String name, Clock clock) {
    // ProviderId holds the SPI's rule for provider names; the name becomes the scheme of derived provider IDs
    ProviderId.of(Objects.requireNonNull(name, "name"), "name-check");
    this.name = name;
    this.gate = new CallGate(Objects.requireNonNull(clock, "clock"));
    this.loadBalancers = new FakeLoadBalancers(gate);
    this.instances = new FakeInstances(gate, instanceRegistry);
    this.instancesV2 = new FakeInstancesV2(gate, instanceRegistry);
    this.zones = new FakeZones(gate, instanceRegistry, () -> localZone);
    this.routes = new FakeRoutes(gate, node -> instanceRegistry.get(node)
        .filter(i -> i.state() == InstanceState.TERMINATED).isPresent());
    this.clusters = new FakeClusters(gate);
    this.volumeLabeler = new FakeVolumeLabeler(gate);
  }

  // ---- CloudProvider ----

  /** {@inheritDoc} */
  @Override
  public String name() {
    return name;
  }

  /** Records the call and keeps the context for {@link #context()}. */
  @Override
  public void initialize(ProviderContext providerContext) {
    gate.run(Operation.INITIALIZE, providerContext.clusterName(), CallGate.keys(), List.of(),
        () -> context = providerContext);
  }

  /** Records the call and marks the cloud closed; never throws, whatever fault is injected. */
  @Override
  public void close() {
    try {
      gate.run(Operation.CLOSE, "", CallGate.keys(), List.of(), () -> { });
    } catch (RuntimeException e) {
      // close() must not throw by contract; a fault injected for CLOSE only shows in the call log
    }
    closed = true;
  }

  /** {@inheritDoc} */
  @Override
  public Optional<LoadBalancer> loadBalancer() {
    return capability(Capability.LOAD_BALANCER, loadBalancers);
  }

  /** {@inheritDoc} */
  @Override
  public Optional<Instances> instances() {
    return capability(Capability.INSTANCES, instances);
  }

  /** {@inheritDoc} */
  @Override
  public Optional<InstancesV2> instancesV2() {
    return capability(Capability.INSTANCES_V2, instancesV2);
  }

  /** {@inheritDoc} */
  @Override
  public Optional<Zones> zones() {
    return capability(Capability.ZONES, zones);
  }

  /** {@inheritDoc} */
  @Override
  public Optional<Routes> routes() {
    return capability(Capability.ROUTES, routes);
  }

  /** {@inheritDoc} */
  @Override
  public Optional<Clusters> clusters() {
    return capability(Capability.CLUSTERS, clusters);
  }

  /** {@inheritDoc} */
  @Override
  public Optional<PersistentVolumeLabeler> persistentVolumeLabeler() {
    return capability(Capability.PERSISTENT_VOLUME_LABELER, volumeLabeler);
  }

  /** {@inheritDoc} Settable with {@link #setHasClusterId}; true by default. */
  @Override
  public boolean hasClusterId() {
    return hasClusterId;
  }

  private <T> Optional<T> capability(Capability capability, T implementation) {
    return disabled.contains(capability) ? Optional.empty() : Optional.of(implementation);
  }

  // ---- settings ----

  /**
   * Switches a capability off: its accessor returns empty.
   *
   * @param capability the capability
   * @return this cloud
   */
  public FakeCloud disable(Capability capability) {
    disabled.add(Objects.requireNonNull(capability, "capability"));
    return this;
  }

  /**
   * Switches a capability back on.
   *
   * @param capability the capability
   * @return this cloud
   */
  public FakeCloud enable(Capability capability) {
    disabled.remove(Objects.requireNonNull(capability, "capability"));
    return this;
  }

  /**
   * Whether a capability is on.
   *
   * @param capability the capability
   * @return true unless {@link #disable}d
   */
  public boolean isEnabled(Capability capability) {
    return !disabled.contains(capability);
  }

  /**
   * Sets what {@link #hasClusterId()} answers.
   *
   * @param value the answer
   */
  public void setHasClusterId(boolean value) {
    hasClusterId = value;
  }

  /**
   * The context given to {@link #initialize}.
   *
   * @return the context, or empty before initialization
   */
  public Optional<ProviderContext> context() {
    return Optional.ofNullable(context);
  }

  /**
   * Whether {@link #close()} was called.
   *
   * @return true once closed
   */
  public boolean isClosed() {
    return closed;
  }

  // ---- instances and zones ----

  /**
   * Adds an instance, or replaces the one with the same name. An empty provider ID becomes
   * {@code <name()>://<instance name>}.
   *
   * @param instance the instance
   * @return the instance as stored
   */
  public FakeInstance addInstance(FakeInstance instance) {
    FakeInstance stored = instance.providerId().isEmpty()
        ? instance.toBuilder().providerId(name + "://" + instance.name()).build() : instance;
    instanceRegistry.put(stored);
    return stored;
  }

  /**
   * Removes an instance: from now on it is not found, like a terminated one.
   *
   * @param nodeName the instance's node name
   * @return whether it existed
   */
  public boolean removeInstance(String nodeName) {
    return instanceRegistry.remove(nodeName);
  }

  /**
   * Changes an instance's state: {@link InstanceState#STOPPED} makes it shut down,
   * {@link InstanceState#TERMINATED} makes it gone.
   *
   * @param nodeName the instance's node name
   * @param state the new state
   * @throws IllegalArgumentException if there is no such instance
   */
  public void setInstanceState(String nodeName, InstanceState state) {
    instanceRegistry.setState(nodeName, state);
  }

  /**
   * An instance, whatever its state.
   *
   * @param nodeName the node name
   * @return the instance, or empty if never added or removed
   */
  public Optional<FakeInstance> instance(String nodeName) {
    return instanceRegistry.get(nodeName);
  }

  /**
   * Every instance, in the order added.
   *
   * @return the instances
   */
  public List<FakeInstance> allInstances() {
    return instanceRegistry.all();
  }

  /**
   * Sets the zone of the machine this process runs on, as {@link Zones#getZone()} reports it.
   *
   * @param zone the zone; empty parts by default
   */
  public void setLocalZone(Zone zone) {
    localZone = Objects.requireNonNull(zone, "zone");
  }

  // ---- load balancers ----

  /**
   * The load balancers that exist, keyed by {@code <cluster name>/<balancer name>}.
   *
   * @return an immutable snapshot
   */
  public Map<String, FakeLoadBalancer> loadBalancers() {
    return loadBalancers.balancers();
  }

  /**
   * The load balancer of a Service, in any cluster.
   *
   * @param serviceKey {@code namespace/name}
   * @return the balancer, or empty if none exists
   */
  public Optional<FakeLoadBalancer> findLoadBalancer(String serviceKey) {
    return loadBalancers.balancers().values().stream().filter(b -> b.serviceKey().equals(serviceKey)).findFirst();
  }

  /**
   * The load balancer of a Service in a cluster, found the way the SPI finds it: by its name.
   *
   * @param clusterName the cluster name
   * @param service the Service; not modified
   * @return the balancer, or empty if none exists
   */
  public Optional<FakeLoadBalancer> loadBalancer(String clusterName, V1Service service) {
    return Optional.ofNullable(loadBalancers.balancers()
        .get(FakeLoadBalancers.mapKey(clusterName, loadBalancers.getLoadBalancerName(clusterName, service))));
  }

  /**
   * Puts a load balancer into the cloud directly, for example one left over from a previous run.
   *
   * @param balancer the balancer
   */
  public void putLoadBalancer(FakeLoadBalancer balancer) {
    loadBalancers.putBalancer(balancer);
  }

  /**
   * Replaces how new load balancers get their ingress. The default is {@link IngressAllocator#testNet()}; a
   * Service's {@code spec.loadBalancerIP}, when set, always wins.
   *
   * @param allocator the allocator
   */
  public void setIngressAllocator(IngressAllocator allocator) {
    loadBalancers.setAllocator(allocator);
  }

  /**
   * Every ensure call that passed hooks, delay and faults, with its hosts, in order.
   *
   * @return the calls
   */
  public List<BalancerCall> ensureCalls() {
    return loadBalancers.ensureCalls();
  }

  /**
   * Every update call that passed hooks, delay and faults, with its hosts, in order.
   *
   * @return the calls
   */
  public List<BalancerCall> updateCalls() {
    return loadBalancers.updateCalls();
  }

  /** Forgets the {@link #ensureCalls()} and {@link #updateCalls()}. */
  public void clearBalancerCalls() {
    loadBalancers.clearBalancerCalls();
  }

  // ---- routes, clusters, volumes ----

  /**
   * The routes of a cluster, as {@link Routes#listRoutes} would return them, without recording a call.
   *
   * @param clusterName the cluster name
   * @return the routes, in creation order
   */
  public List<Route> routesOf(String clusterName) {
    return routes.routes(clusterName);
  }

  /**
   * Puts a route into a cluster's table directly, replacing one with the same name.
   *
   * @param clusterName the cluster name
   * @param route the route; needs a name
   */
  public void putRoute(String clusterName, Route route) {
    routes.putRoute(clusterName, route);
  }

  /**
   * Makes the cloud report a route as a blackhole, as it does when the route's target is gone.
   *
   * @param clusterName the cluster name
   * @param routeName the route's name
   * @throws IllegalArgumentException if there is no such route
   */
  public void markBlackhole(String clusterName, String routeName) {
    routes.markBlackhole(clusterName, routeName);
  }

  /**
   * The name {@link Routes#createRoute} gives a route: the hint, a dash, and the CIDR with every character other
   * than a letter or digit replaced by a dash.
   *
   * @param nameHint the name hint
   * @param destinationCidr the destination CIDR
   * @return the route name
   */
  public static String routeName(String nameHint, String destinationCidr) {
    return FakeRoutes.routeName(nameHint, destinationCidr);
  }

  /**
   * Whether routes created from now on keep and report their target node addresses (off by default, as for a
   * cloud that cannot report them).
   *
   * @param enable the setting
   */
  public void setEnableNodeAddresses(boolean enable) {
    routes.setEnableNodeAddresses(enable);
  }

  /**
   * Adds a cluster to {@link Clusters#listClusters()}, or changes its control-plane address.
   *
   * @param clusterName the cluster name
   * @param masterAddress what {@link Clusters#master} answers
   */
  public void addCluster(String clusterName, String masterAddress) {
    clusters.put(Objects.requireNonNull(clusterName, "clusterName"),
        Objects.requireNonNull(masterAddress, "masterAddress"));
  }

  /**
   * Sets the labels {@link PersistentVolumeLabeler#labelsForVolume} returns for a volume.
   *
   * @param volumeName the PersistentVolume's name
   * @param labels the labels; copied
   */
  public void setVolumeLabels(String volumeName, Map<String, String> labels) {
    volumeLabeler.put(Objects.requireNonNull(volumeName, "volumeName"), labels);
  }

  // ---- call log ----

  /**
   * Every call so far, in arrival order.
   *
   * @return an immutable snapshot
   */
  public List<Call> calls() {
    return gate.log().all();
  }

  /**
   * The calls of one operation, in arrival order.
   *
   * @param operation the operation
   * @return an immutable snapshot
   */
  public List<Call> calls(Operation operation) {
    return gate.log().of(operation);
  }

  /**
   * How many calls of one operation were made.
   *
   * @param operation the operation
   * @return the count
   */
  public int count(Operation operation) {
    return gate.log().count(operation);
  }

  /** Empties the call log; sequence numbers keep increasing. */
  public void clearCalls() {
    gate.log().clear();
  }

  // ---- faults, delays, hooks ----

  /**
   * Makes the next {@code times} calls of an operation throw {@code error}.
   *
   * @param operation the operation
   * @param times how many calls fail; positive
   * @param error thrown as is, for example an {@link InstanceNotFoundException}
   */
  public void failNext(Operation operation, int times, RuntimeException error) {
    failNext(operation, null, times, error);
  }

  /**
   * Makes the next {@code times} calls of an operation for one object throw {@code error}. Faults added earlier
   * are used up first.
   *
   * @param operation the operation
   * @param target a node name, provider ID, service key {@code namespace/name}, route name or volume name; null
   *     for any object. InstancesV2 calls match the node's name or its provider ID.
   * @param times how many calls fail; positive
   * @param error thrown as is
   */
  public void failNext(Operation operation, String target, int times, RuntimeException error) {
    if (times <= 0) {
      throw new IllegalArgumentException("times must be positive, got " + times);
    }
    gate.faults().add(Objects.requireNonNull(operation, "operation"), target,
        Objects.requireNonNull(error, "error"), times);
  }

  /**
   * Makes every call of an operation throw {@code error} until {@link #clearFaults} is called.
   *
   * @param operation the operation
   * @param error thrown as is
   */
  public void failAlways(Operation operation, RuntimeException error) {
    failAlways(operation, null, error);
  }

  /**
   * Makes every call of an operation for one object throw {@code error} until {@link #clearFaults} is called.
   *
   * @param operation the operation
   * @param target the object, as for {@link #failNext(Operation, String, int, RuntimeException)}; null for any
   * @param error thrown as is
   */
  public void failAlways(Operation operation, String target, RuntimeException error) {
    gate.faults().add(Objects.requireNonNull(operation, "operation"), target,
        Objects.requireNonNull(error, "error"), Faults.FOREVER);
  }

  /** Removes every injected fault. */
  public void clearFaults() {
    gate.faults().clear(null);
  }

  /**
   * Removes the injected faults of one operation.
   *
   * @param operation the operation
   */
  public void clearFaults(Operation operation) {
    gate.faults().clear(Objects.requireNonNull(operation, "operation"));
  }

  /**
   * Delays every call, to simulate a slow cloud. An interrupted call throws a
   * {@link dev.ccm4j.api.CloudProviderException} with the interrupt flag set.
   *
   * @param delay the delay; zero for none
   */
  public void setDelay(Duration delay) {
    gate.setDelay(delay);
  }

  /**
   * Delays the calls of one operation, instead of the delay for every call.
   *
   * @param operation the operation
   * @param delay the delay; zero for none
   */
  public void setDelay(Operation operation, Duration delay) {
    gate.setDelay(Objects.requireNonNull(operation, "operation"), delay);
  }

  /** Removes every delay. */
  public void clearDelays() {
    gate.clearDelays();
  }

  /**
   * Runs a hook inside every call of an operation, on the calling thread, before the delay, fault and state
   * change. Hooks run in the order added, with no fake-cloud lock held, so one may block to hold a call open.
   *
   * @param operation the operation, for example {@link Operation#ENSURE_LOAD_BALANCER}
   * @param hook the hook
   */
  public void onCall(Operation operation, CallHook hook) {
    gate.addHook(Objects.requireNonNull(operation, "operation"), hook);
  }

  /** Removes every hook. */
  public void clearHooks() {
    gate.clearHooks();
  }

  /**
   * The highest number of calls for one object that were in progress at the same time, for example to prove that
   * two load balancer calls for the same Service never overlapped.
   *
   * @param target a call target, as in {@link Call#target()}, for example {@code default/web}
   * @return the maximum seen, 0 if there was no call
   */
  public int maxConcurrentCalls(String target) {
    return gate.maxConcurrent(target);
  }

  /** Forgets the maxima of {@link #maxConcurrentCalls}. */
  public void resetConcurrency() {
    gate.resetConcurrency();
  }
}
