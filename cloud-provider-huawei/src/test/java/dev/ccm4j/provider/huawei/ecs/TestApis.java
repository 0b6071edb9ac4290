package dev.ccm4j.provider.huawei.ecs;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.provider.huawei.api.HuaweiApi;
import dev.ccm4j.provider.huawei.config.HuaweiConfig;
import java.time.Clock;
import java.util.Map;
import mockwebserver3.MockWebServer;

/** The provider's real signed client pointed at a MockWebServer, as the cloud-config would make it. */
final class TestApis {
  private TestApis() {}

  static HuaweiApi api(MockWebServer server) {
    String ini = "[Global]\n"
        + "region = cn-north-4\n"
        + "access-key = TESTACCESSKEY\n"
        + "secret-key = test-secret-key-value\n"
        + "project-id = " + FakeEcs.PROJECT + "\n"
        + "endpoint = " + server.url("/").toString() + "\n"
        + "request-timeout = 5s\n";
    return HuaweiApi.create(HuaweiConfig.parse(CloudConfig.of(ini), Map.of()), Clock.systemUTC(), "ccm4j-test");
  }
}
