package dev.ccm4j.launcher;

import com.google.gson.JsonObject;
import dev.ccm4j.cloud.emulator.CloudEmulatorFactory;
import dev.ccm4j.cloud.emulator.ControlInstance;
import dev.ccm4j.cloud.emulator.ControlPlane;
import dev.ccm4j.cloud.emulator.EmulatorRequest;
import dev.ccm4j.cloud.emulator.EmulatorResponse;
import dev.ccm4j.cloud.emulator.EmulatorServer;
import dev.ccm4j.cloud.emulator.EmulatorSettings;
import dev.ccm4j.cloud.emulator.InstanceSpec;
import dev.ccm4j.cloud.emulator.RunningEmulator;
import dev.ccm4j.cloud.emulator.VendorDialect;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A test-only vendor emulator registered from the launcher's test resources, so {@code cloud-emulator} is tested
 * without depending on any real vendor emulator.
 */
public final class TestCloudEmulatorFactory implements CloudEmulatorFactory {
  @Override
  public String name() {
    return "launchertest";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("lt");
  }

  @Override
  public String defaultRegion() {
    return "test-region-1";
  }

  @Override
  public RunningEmulator start(EmulatorSettings settings) {
    String region = settings.region().orElse(defaultRegion());
    Plane plane = new Plane(region);
    for (int i = 0; i < settings.instances(); i++) {
      plane.createInstance(InstanceSpec.defaults());
    }
    EmulatorServer server = EmulatorServer.builder().name(name()).bindAddress(settings.bindAddress())
        .port(settings.port()).dialect(new Dialect()).handler(r -> EmulatorResponse.json(200, new JsonObject()))
        .control(plane).build().start();
    return new RunningEmulator() {
      @Override
      public URI endpoint() {
        return server.endpoint();
      }

      @Override
      public String cloudConfig() {
        JsonObject global = new JsonObject();
        global.addProperty("endpoint", server.endpoint().toString());
        global.addProperty("region", region);
        global.addProperty("accessKeyId", settings.accessKeyId());
        global.addProperty("accessKeySecret", settings.accessKeySecret());
        JsonObject root = new JsonObject();
        root.add("Global", global);
        return root.toString();
      }

      @Override
      public String providerName() {
        return "fake";
      }

      @Override
      public ControlPlane control() {
        return plane;
      }

      @Override
      public void close() {
        server.close();
      }
    };
  }

  private static final class Dialect implements VendorDialect {
    @Override
    public String operation(EmulatorRequest request) {
      return request.params().getOrDefault("Action", "unknown");
    }

    @Override
    public EmulatorResponse error(EmulatorRequest request, int status, String code, String message) {
      JsonObject o = new JsonObject();
      o.addProperty("Code", code);
      o.addProperty("Message", message);
      return EmulatorResponse.json(status, o).errorCode(code);
    }

    @Override
    public int throttleStatus() {
      return 429;
    }

    @Override
    public String throttleCode() {
      return "Throttled";
    }
  }

  private static final class Plane implements ControlPlane {
    private final String region;
    private final List<ControlInstance> instances = new ArrayList<>();

    Plane(String region) {
      this.region = region;
    }

    @Override
    public synchronized List<ControlInstance> instances() {
      return List.copyOf(instances);
    }

    @Override
    public synchronized ControlInstance createInstance(InstanceSpec spec) {
      int n = instances.size() + 1;
      ControlInstance i = ControlInstance.builder().id("i-" + n).name(spec.name().orElse("node-" + n))
          .privateIp(spec.privateIp().orElse("10.0.0." + (10 + n))).zone(spec.zone().orElse(region + "a"))
          .region(region).instanceType("small").state(ControlInstance.RUNNING).vendorState("Running")
          .providerId("fake://node-" + n).build();
      instances.add(i);
      return i;
    }

    @Override
    public ControlInstance stopInstance(String id) {
      return change(id, ControlInstance.STOPPED);
    }

    @Override
    public ControlInstance startInstance(String id) {
      return change(id, ControlInstance.RUNNING);
    }

    @Override
    public ControlInstance terminateInstance(String id) {
      return change(id, ControlInstance.TERMINATED);
    }

    private synchronized ControlInstance change(String id, String state) {
      for (int k = 0; k < instances.size(); k++) {
        if (instances.get(k).id().equals(id)) {
          ControlInstance changed = instances.get(k).toBuilder().state(state).build();
          instances.set(k, changed);
          return changed;
        }
      }
      throw new NoSuchElementException("no instance " + id);
    }
  }
}
