package dev.ccm4j.provider.huawei.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.NodeController;
import dev.ccm4j.provider.huawei.api.HuaweiApi;
import dev.ccm4j.testkit.time.MutableClock;
import io.kubernetes.client.openapi.models.V1Node;
import java.time.Duration;
import java.util.Optional;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SecurityGroupAssociationTest {
  private static final String ID1 = "5e1f2a3b-0000-4000-8000-000000000001";
  private static final String SG = "3b0a1c55-5f2e-4d3c-9a1b-00000000005a";
  private static final String ACTION = "POST /v2.1/" + FakeEcs.PROJECT + "/servers/" + ID1 + "/action";

  private final FakeEcs ecs = new FakeEcs();
  private final MutableClock clock = new MutableClock();
  private MockWebServer server;
  private HuaweiApi api;
  private SecurityGroupAssociation association;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.setDispatcher(ecs);
    server.start();
    api = TestApis.api(server);
    association = new SecurityGroupAssociation(new EcsClient(api), SG, clock);
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
    server.close();
  }

  private static Optional<V1Node> node(String name, String providerId) {
    return Optional.of(HuaweiInstancesTest.node(name, providerId));
  }

  @Test
  void addsTheGroupOnceAndChecksAgainOnlyAfterTheRecheckPeriod() {
    FakeEcs.Server s = ecs.add(ID1, "node-a");

    association.reconcile("node-a", node("node-a", "huaweicloud://" + ID1));
    assertThat(s.securityGroups).containsExactly("default", SG);
    assertThat(ecs.count(ACTION)).isEqualTo(1);

    association.reconcile("node-a", node("node-a", "huaweicloud://" + ID1));
    assertThat(ecs.calls).hasSize(2);

    s.securityGroups.remove(SG); // removed by hand
    clock.advance(SecurityGroupAssociation.RECHECK.plus(Duration.ofSeconds(1)));
    association.reconcile("node-a", node("node-a", "huaweicloud://" + ID1));
    assertThat(s.securityGroups).contains(SG);
  }

  @Test
  void aServerAlreadyInTheGroupIsNotChanged() {
    ecs.add(ID1, "node-a").securityGroups.add(SG);

    association.reconcile("node-a", node("node-a", ID1));

    assertThat(ecs.count(ACTION)).isZero();
  }

  @Test
  void aNodeWithoutProviderIdIsLeftForLater() {
    association.reconcile("node-a", node("node-a", null));
    association.reconcile("node-b", node("node-b", "aws:///zone/i-1"));

    assertThat(ecs.calls).isEmpty();
  }

  @Test
  void aGoneServerIsNoError() {
    association.reconcile("node-a", node("node-a", "huaweicloud://" + ID1));

    assertThat(ecs.count(ACTION)).isZero();
  }

  @Test
  void failuresAreThrownForTheCoreToRetry() {
    ecs.add(ID1, "node-a");
    ecs.fail("os-security-groups", 500, "{\"computeFault\":{\"code\":500,\"message\":\"boom\"}}");

    assertThatThrownBy(() -> association.reconcile("node-a", node("node-a", "huaweicloud://" + ID1)))
        .isInstanceOf(RuntimeException.class);
  }

  @Test
  void deleteRemovesTheGroupFromTheRememberedServer() {
    FakeEcs.Server s = ecs.add(ID1, "node-a");
    association.reconcile("node-a", node("node-a", "huaweicloud://" + ID1));
    s.name = "renamed"; // the remembered id is used, not the name

    association.reconcile("node-a", Optional.empty());

    assertThat(s.securityGroups).containsExactly("default");
  }

  @Test
  void deleteAfterARestartFindsTheServerByName() {
    FakeEcs.Server s = ecs.add(ID1, "node-a");
    s.securityGroups.add(SG);

    association.reconcile("node-a", Optional.empty());

    assertThat(s.securityGroups).containsExactly("default");
  }

  @Test
  void deleteIgnoresNotAssociatedAndGoneServers() {
    ecs.add(ID1, "node-a");

    association.reconcile("node-a", Optional.empty()); // 400 "not associated with the instance"
    association.reconcile("node-x", Optional.empty()); // no server at all
    ecs.fail("/action", 404, "{\"itemNotFound\":{\"code\":404,\"message\":\"Security group " + SG
        + " is not found for project " + FakeEcs.PROJECT + "\"}}");
    association.reconcile("node-a", Optional.empty());
  }

  @Test
  void deleteThrowsOtherFailures() {
    ecs.add(ID1, "node-a").securityGroups.add(SG);
    ecs.fail("/action", 500, "{\"computeFault\":{\"code\":500,\"message\":\"boom\"}}");

    assertThatThrownBy(() -> association.reconcile("node-a", Optional.empty()))
        .isInstanceOf(RuntimeException.class);
  }

  @Test
  void anAlreadyAssociatedAnswerOnAddIsSuccess() {
    ecs.add(ID1, "node-a");
    ecs.fail(ACTION, 400, "{\"badRequest\":{\"code\":400,\"message\":\"Security group " + SG
        + " is already associated with the instance " + ID1 + "\"}}");

    association.reconcile("node-a", node("node-a", "huaweicloud://" + ID1));
  }

  @Test
  void aMissingSecurityGroupOnAddIsAnErrorNamingTheConfigKey() {
    ecs.add(ID1, "node-a");
    ecs.fail(ACTION, 404, "{\"itemNotFound\":{\"code\":404,\"message\":\"Security group " + SG
        + " is not found for project " + FakeEcs.PROJECT + ".\"}}");

    assertThatThrownBy(() -> association.reconcile("node-a", node("node-a", "huaweicloud://" + ID1)))
        .hasMessageContaining("security-group-id").hasMessageContaining(SG);
  }

  @Test
  void theControllerIsNamedAndOnByDefault() {
    NodeController c = SecurityGroupAssociation.controller(new EcsClient(api), SG);

    assertThat(c.name()).isEqualTo("huaweicloud-node-security-group");
    assertThat(c.enabledByDefault()).isTrue();
    assertThat(c.reconciler()).isInstanceOf(SecurityGroupAssociation.class);
  }
}
