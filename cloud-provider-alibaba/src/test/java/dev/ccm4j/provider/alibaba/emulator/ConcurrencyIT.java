package dev.ccm4j.provider.alibaba.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.cloud.emulator.ControlInstance;
import dev.ccm4j.cloud.emulator.InstanceSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Parallel signed calls and control-API changes leave the state consistent and every answer well-formed. */
class ConcurrencyIT {
  @Test
  void parallelCallsAndCreatesStayConsistent() throws Exception {
    try (AlibabaEmulator cloud = AlibabaEmulator.builder().instances(0).build().start()) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<List<Integer>>> results = new ArrayList<>();
        List<Future<ControlInstance>> creates = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          results.add(pool.submit(() -> {
            RpcClient client = new RpcClient(cloud.endpoint(), cloud.accessKeyId(), cloud.accessKeySecret(),
                Clock.systemUTC());
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
              statuses.add(client.get("DescribeInstances", RpcClient.ECS, Map.of("MaxResults", "100")).status());
            }
            return statuses;
          }));
          for (int i = 0; i < 5; i++) {
            creates.add(pool.submit(() -> cloud.control().createInstance(InstanceSpec.defaults())));
          }
        }
        for (Future<List<Integer>> f : results) {
          assertThat(f.get(60, TimeUnit.SECONDS)).containsOnly(200);
        }
        Set<String> addresses = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (Future<ControlInstance> f : creates) {
          ControlInstance created = f.get(60, TimeUnit.SECONDS);
          assertThat(ids.add(created.id())).isTrue();
          assertThat(addresses.add(created.privateIp())).as("address %s given twice", created.privateIp()).isTrue();
        }
        assertThat(cloud.state().ecs().instances()).hasSize(40);
        assertThat(cloud.server().journal().count("DescribeInstances")).isEqualTo(80);
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
