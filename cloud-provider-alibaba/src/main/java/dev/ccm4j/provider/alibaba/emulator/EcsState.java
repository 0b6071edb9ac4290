package dev.ccm4j.provider.alibaba.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The emulated ECS instances, in creation order. Transitional statuses ({@code Pending}, {@code Starting},
 * {@code Stopping}) settle by the state's clock when read; terminated instances are removed at once. Thread-safe;
 * every method holds the state's lock.
 */
public final class EcsState {
  private final Object lock;
  private final String region;
  private final Clock clock;
  private final IdGenerator ids;
  private final VpcState vpc;
  private final Map<String, String> defaultTags;
  private final Map<String, EcsInstance> instances = new LinkedHashMap<>();
  private final List<Consumer<String>> terminationListeners = new CopyOnWriteArrayList<>();
  private volatile Duration transition;
  private int created;

  EcsState(Object lock, String region, Clock clock, IdGenerator ids, VpcState vpc, Map<String, String> defaultTags,
      Duration transition) {
    this.lock = lock;
    this.region = region;
    this.clock = clock;
    this.ids = ids;
    this.vpc = vpc;
    this.defaultTags = Map.copyOf(defaultTags);
    this.transition = transition;
  }

  /**
   * One instance.
   *
   * @param instanceId the id
   * @return the instance, empty when unknown or terminated
   */
  public Optional<EcsInstance> instance(String instanceId) {
    synchronized (lock) {
      EcsInstance i = instances.get(instanceId);
      return i == null ? Optional.empty() : Optional.of(settle(i));
    }
  }

  /** Every instance, in creation order. */
  public List<EcsInstance> instances() {
    synchronized (lock) {
      List<EcsInstance> out = new ArrayList<>(instances.size());
      for (EcsInstance i : List.copyOf(instances.values())) {
        out.add(settle(i));
      }
      return out;
    }
  }

  /**
   * The instance with a primary private address.
   *
   * @param privateIp the address
   * @return the instance, if any
   */
  public Optional<EcsInstance> byPrivateIp(String privateIp) {
    return instances().stream().filter(i -> i.privateIp().equals(privateIp)).findFirst();
  }

  /** How long {@code StopInstance}/{@code StartInstance} transitions take. */
  public Duration transition() {
    return transition;
  }

  /**
   * Changes how long API-driven stop and start transitions take.
   *
   * @param duration the delay, zero for instant
   */
  public void transition(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("transition must not be negative");
    }
    this.transition = duration;
  }

  /**
   * Creates a running instance in the VPC, carrying the emulator's default tags (the cluster tag the provider
   * filters on when it looks nodes up by address).
   *
   * @param name the name, or null for {@code ccm4j-node-N}
   * @param zoneId the zone, or null for the emulator's primary zone; a new zone gets its own vSwitch
   * @param privateIp the address, or null for the vSwitch's next free one
   * @param instanceType the type, or null for {@code ecs.g6.large}
   * @return the instance
   * @throws IllegalArgumentException if the address is malformed, outside the zone's vSwitch or taken
   */
  public EcsInstance create(String name, String zoneId, String privateIp, String instanceType) {
    synchronized (lock) {
      String zone = zoneId == null || zoneId.isBlank() ? vpc.vSwitches().get(0).zoneId() : zoneId.trim();
      VSwitch vsw = vpc.vSwitchForZone(zone);
      String address;
      if (privateIp == null || privateIp.isBlank()) {
        address = vpc.allocatePrivateIp(vsw.vSwitchId());
      } else {
        vpc.claimPrivateIp(vsw.vSwitchId(), privateIp.trim());
        address = privateIp.trim();
      }
      created++;
      String id = ids.next("i-");
      EcsInstance.Builder b = EcsInstance.builder()
          .instanceId(id)
          .instanceName(name == null || name.isBlank() ? "ccm4j-node-" + created : name)
          .hostName("iZ" + id.substring(2) + "Z")
          .regionId(region)
          .zoneId(zone)
          .vpcId(vpc.vpcId())
          .vSwitchId(vsw.vSwitchId())
          .privateIp(address)
          .networkInterfaceId(ids.next("eni-"))
          .macAddress(mac())
          .tags(defaultTags)
          .creationTime(clock.instant());
      if (instanceType != null && !instanceType.isBlank()) {
        b.instanceType(instanceType.trim());
      }
      EcsInstance instance = b.build();
      instances.put(id, instance);
      return instance;
    }
  }

  /**
   * Replaces an instance with a changed copy, e.g. to add a tag, a public IP or another charge type.
   *
   * @param instanceId the instance
   * @param change what to change
   * @return the changed instance
   * @throws NoSuchElementException if it is unknown
   */
  public EcsInstance update(String instanceId, UnaryOperator<EcsInstance.Builder> change) {
    synchronized (lock) {
      EcsInstance current = instance(instanceId).orElseThrow(() -> unknown(instanceId));
      EcsInstance changed = change.apply(current.toBuilder()).build();
      if (!changed.instanceId().equals(instanceId)) {
        throw new IllegalArgumentException("an update must not change the instance id");
      }
      instances.put(instanceId, changed);
      return changed;
    }
  }

  /**
   * Stops an instance at once ({@code Stopped}), as the control API does.
   *
   * @param instanceId the instance
   * @return the stopped instance
   * @throws NoSuchElementException if it is unknown
   */
  public EcsInstance stop(String instanceId) {
    return update(instanceId, b -> b.status(EcsInstance.STOPPED));
  }

  /**
   * Starts an instance at once ({@code Running}), as the control API does.
   *
   * @param instanceId the instance
   * @return the running instance
   * @throws NoSuchElementException if it is unknown
   */
  public EcsInstance start(String instanceId) {
    return update(instanceId, b -> b.status(EcsInstance.RUNNING));
  }

  /**
   * Begins a transition that settles after {@link #transition()}: {@code Stopping} then {@code Stopped}, or
   * {@code Starting} then {@code Running}.
   *
   * @param instanceId the instance
   * @param transitional the status while it lasts
   * @param target the final status
   * @return the instance in its transitional status (or final status when the transition is zero)
   */
  EcsInstance beginTransition(String instanceId, String transitional, String target) {
    Duration d = transition;
    if (d.isZero()) {
      return update(instanceId, b -> b.status(target));
    }
    Instant at = clock.instant().plus(d);
    return update(instanceId, b -> b.transition(transitional, target, at));
  }

  /**
   * Registers a product that holds references to instances (SLB backends, NLB servers), so that a released
   * instance leaves it as it leaves the real cloud's load balancers. Listeners run after the instance is gone from
   * this state and outside its lock (a product takes its own lock first and then reads instances, so calling it
   * under this lock could deadlock).
   *
   * @param listener called with the id of each terminated instance
   */
  public void onTerminate(Consumer<String> listener) {
    terminationListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Terminates (releases) an instance: it vanishes from the state and from every API answer; its address and any
   * bound elastic IP are freed, every product that registered with {@link #onTerminate} drops it from its
   * backends, and route entries that point to it stay (as blackholes), as on Alibaba Cloud.
   *
   * @param instanceId the instance
   * @return its last snapshot
   * @throws NoSuchElementException if it is unknown
   */
  public EcsInstance terminate(String instanceId) {
    EcsInstance gone;
    synchronized (lock) {
      gone = instances.remove(instanceId);
      if (gone == null) {
        throw unknown(instanceId);
      }
      vpc.releasePrivateIp(gone.privateIp());
      vpc.forget(instanceId);
    }
    for (Consumer<String> l : terminationListeners) {
      l.accept(instanceId);
    }
    return gone;
  }

  private EcsInstance settle(EcsInstance i) {
    Optional<Instant> at = i.settlesAt();
    if (at.isPresent() && !clock.instant().isBefore(at.get())) {
      EcsInstance settled = i.toBuilder().status(i.settlesTo().orElseThrow()).build();
      instances.put(i.instanceId(), settled);
      return settled;
    }
    return i;
  }

  private String mac() {
    String hex = ids.hex(6);
    return String.format(Locale.ROOT, "00:16:3e:%s:%s:%s", hex.substring(0, 2), hex.substring(2, 4),
        hex.substring(4, 6));
  }

  private static NoSuchElementException unknown(String instanceId) {
    return new NoSuchElementException("no instance " + instanceId);
  }
}
