package dev.ccm4j.cloud.emulator;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A tiny vendor for the library's tests: RPC-ish {@code Action} parameter, Alibaba-like error bodies. */
final class TestCloud {
  private TestCloud() {
  }

  /** Thrown by handlers to show {@link VendorDialect#errorFor} mapping. */
  static final class TestApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;

    TestApiError(int status, String code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  static final class Dialect implements VendorDialect {
    @Override
    public String operation(EmulatorRequest request) {
      return request.params().getOrDefault("Action", request.method() + " " + request.path());
    }

    @Override
    public EmulatorResponse error(EmulatorRequest request, int status, String code, String message) {
      JsonObject o = new JsonObject();
      o.addProperty("Code", code);
      o.addProperty("Message", message);
      o.addProperty("RequestId", "req-1");
      return EmulatorResponse.json(status, o).errorCode(code);
    }

    @Override
    public int throttleStatus() {
      return 429;
    }

    @Override
    public String throttleCode() {
      return "Throttling.User";
    }

    @Override
    public Set<String> secretParameters() {
      return Set.of("Signature", "SecurityToken");
    }

    @Override
    public Optional<EmulatorResponse> errorFor(EmulatorRequest request, Exception failure) {
      if (failure instanceof TestApiError e) {
        return Optional.of(error(request, e.status, e.code, e.getMessage()));
      }
      return Optional.empty();
    }
  }

  /** Echo returns the params, Boom throws, Missing throws a vendor error, anything else is 400 InvalidAction. */
  static final class Api implements EmulatorHandler {
    final AtomicInteger calls = new AtomicInteger();
    private final Dialect dialect = new Dialect();

    @Override
    public EmulatorResponse handle(EmulatorRequest request) {
      calls.incrementAndGet();
      String action = request.params().getOrDefault("Action", "");
      switch (action) {
        case "Echo": {
          JsonObject o = new JsonObject();
          request.params().forEach(o::addProperty);
          o.addProperty("method", request.method());
          o.addProperty("path", request.path());
          o.addProperty("rawPath", request.rawPath());
          o.addProperty("version", request.header("X-ACS-Version").orElse(""));
          return EmulatorResponse.json(200, o);
        }
        case "Boom":
          throw new IllegalStateException("boom with " + request.params().get("Signature"));
        case "Missing":
          throw new TestApiError(404, "InvalidInstanceId.NotFound", "no such instance");
        default:
          return dialect.error(request, 400, "InvalidAction", "unknown action " + action);
      }
    }
  }

  /** An in-memory control plane. */
  static final class Plane implements ControlPlane {
    private final Map<String, ControlInstance> instances = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    Plane(int seeded) {
      for (int i = 0; i < seeded; i++) {
        createInstance(InstanceSpec.defaults());
      }
    }

    @Override
    public synchronized List<ControlInstance> instances() {
      List<ControlInstance> out = new ArrayList<>(instances.values());
      out.sort((a, b) -> a.id().compareTo(b.id()));
      return out;
    }

    @Override
    public synchronized ControlInstance createInstance(InstanceSpec spec) {
      if (spec.privateIp().map(ip -> !ip.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")).orElse(false)) {
        throw new IllegalArgumentException("privateIp is not an IPv4 address: " + spec.privateIp().get());
      }
      int n = ids.incrementAndGet();
      String id = String.format("i-%03d", n);
      ControlInstance i = ControlInstance.builder().id(id).name(spec.name().orElse("node-" + n))
          .privateIp(spec.privateIp().orElse("10.0.0." + (10 + n))).zone(spec.zone().orElse("zone-a"))
          .region("region-1").instanceType(spec.instanceType().orElse("small")).state(ControlInstance.RUNNING)
          .vendorState("Running").providerId("region-1." + id).build();
      instances.put(id, i);
      return i;
    }

    @Override
    public ControlInstance stopInstance(String id) {
      return change(id, ControlInstance.STOPPED, "Stopped");
    }

    @Override
    public ControlInstance startInstance(String id) {
      return change(id, ControlInstance.RUNNING, "Running");
    }

    @Override
    public ControlInstance terminateInstance(String id) {
      return change(id, ControlInstance.TERMINATED, "Deleted");
    }

    @Override
    public List<ControlLoadBalancer> loadBalancers() {
      return List.of(ControlLoadBalancer.builder().id("lb-1").name("svc-a").addAddress("192.0.2.10")
          .addListener(new ControlListener("TCP", 80, 30080))
          .addBackend(new ControlBackend("i-001", "10.0.0.11", 30080, 100)).tag("owner", "cluster-1").build());
    }

    @Override
    public List<ControlRoute> routes() {
      return List.of(ControlRoute.builder().id("rte-1").destinationCidr("10.244.1.0/24").nextHopInstanceId("i-001")
          .routeTableId("vtb-1").build());
    }

    private synchronized ControlInstance change(String id, String state, String vendorState) {
      ControlInstance i = instances.get(id);
      if (i == null) {
        throw new NoSuchElementException("no instance " + id);
      }
      ControlInstance changed = i.toBuilder().state(state).vendorState(vendorState).build();
      instances.put(id, changed);
      return changed;
    }
  }
}
