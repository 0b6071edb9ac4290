package dev.ccm4j.testkit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.kubeapi.KubeApiServer;
import dev.ccm4j.testkit.cloud.FakeCloud;
import dev.ccm4j.testkit.cloud.FakeInstance;
import dev.ccm4j.testkit.cloud.Operation;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.ClientBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The example of docs/testkit.md, kept compiling and passing so the document cannot rot. */
class QuickStartExampleTest {
  // --- docs/testkit.md example begins
  KubeApiServer api = KubeApiServer.builder().build().start();
  FakeCloud cloud = new FakeCloud();

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void nodeAndInstance() throws Exception {
    CoreV1Api core = new CoreV1Api(new ClientBuilder().setBasePath(api.url()).build());
    cloud.addInstance(FakeInstance.builder("node-1").zone("zone-a").address("InternalIP", "10.0.0.1").build());

    core.createNode(new V1Node().metadata(new V1ObjectMeta().name("node-1"))).execute();

    V1Node node = core.readNode("node-1").execute();
    assertThat(cloud.instancesV2().orElseThrow().instanceMetadata(node).orElseThrow().zone()).isEqualTo("zone-a");
    assertThat(cloud.count(Operation.INSTANCE_METADATA)).isEqualTo(1);
  }
  // --- docs/testkit.md example ends
}
