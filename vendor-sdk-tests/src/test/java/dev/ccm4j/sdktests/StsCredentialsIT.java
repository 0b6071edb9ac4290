package dev.ccm4j.sdktests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.aliyun.ecs20140526.models.DescribeInstancesRequest;
import com.aliyun.tea.TeaException;
import com.aliyun.vpc20160428.models.DescribeRouteTableListRequest;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.auth.BasicSessionCredentials;
import com.aliyuncs.auth.ECSMetadataServiceCredentialsFetcher;
import com.aliyuncs.auth.InstanceProfileCredentialsProvider;
import com.aliyuncs.slb.model.v20140515.DescribeLoadBalancersRequest;
import dev.ccm4j.cloud.emulator.JournalEntry;
import dev.ccm4j.provider.alibaba.emulator.AlibabaEmulator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * STS credentials the way an ECS node gets them: the classic SDK's own metadata fetcher reads the RAM role's
 * credentials from the emulator's metadata service (IMDSv2 session token required, as on a hardened instance), and
 * both SDK generations sign with them, sending the {@code SecurityToken} their own way ({@code x-acs-security-token}
 * header for ACS3, a {@code SecurityToken} parameter for HMAC-SHA1).
 */
class StsCredentialsIT {
  private static AlibabaEmulator cloud;
  private static BasicSessionCredentials sts;

  @BeforeAll
  static void start() throws Exception {
    cloud = Sdk.builder().instances(2).metadataTokenRequired(true).build().start();
    sts = (BasicSessionCredentials) provider().getCredentials();
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @Test
  void theRamRoleGivesTemporaryCredentialsThroughImdsV2() {
    assertThat(sts.getAccessKeyId()).isNotBlank().isNotEqualTo(Sdk.ACCESS_KEY_ID);
    assertThat(sts.getAccessKeySecret()).isNotBlank().isNotEqualTo(Sdk.ACCESS_KEY_SECRET);
    assertThat(sts.getSessionToken()).isNotBlank();
    // the fetcher took a session token first: the metadata service refuses token-less reads here
    assertThat(Sdk.journal(cloud, "MetadataToken")).isNotEmpty().allSatisfy(e -> assertThat(e.method())
        .isEqualTo("PUT"));
    assertThat(Sdk.journal(cloud, "Metadata")).isNotEmpty()
        .allSatisfy(e -> assertThat(e.status()).isEqualTo(200));
  }

  @Test
  void theDarabonbaSdkSignsWithTheStsTriple() throws Exception {
    com.aliyun.ecs20140526.Client ecs = new com.aliyun.ecs20140526.Client(Sdk.darabonba(cloud,
        sts.getAccessKeyId(), sts.getAccessKeySecret(), sts.getSessionToken()));
    assertThat(ecs.describeInstances(new DescribeInstancesRequest().setRegionId(Sdk.REGION)).getBody()
        .getInstances().getInstance()).hasSize(2);
  }

  @Test
  void theClassicSdkSignsWithTheStsTripleFromItsOwnProvider() throws Exception {
    // the SDK's InstanceProfileCredentialsProvider, not a copy of its result: the path a real node takes
    IAcsClient client = Sdk.classic(provider());
    try {
      cloud.control().clearJournal();
      assertThat(client.getAcsResponse(Sdk.at(cloud, new DescribeLoadBalancersRequest())).getTotalCount()).isZero();
      List<JournalEntry> calls = Sdk.journal(cloud, "DescribeLoadBalancers");
      assertThat(calls).singleElement().satisfies(call -> {
        assertThat(call.status()).isEqualTo(200);
        // present, and masked in the journal like every secret
        assertThat(call.params()).containsEntry("SecurityToken", JournalEntry.MASK);
      });
    } finally {
      client.shutdown();
    }
  }

  @Test
  void stsKeysWithoutTheirTokenAreRefused() throws Exception {
    com.aliyun.vpc20160428.Client vpc = new com.aliyun.vpc20160428.Client(Sdk.darabonba(cloud,
        sts.getAccessKeyId(), sts.getAccessKeySecret(), null));
    TeaException missing = catchThrowableOfType(TeaException.class, () ->
        vpc.describeRouteTableList(new DescribeRouteTableListRequest().setRegionId(Sdk.REGION)));
    assertThat(missing.getCode()).startsWith("InvalidSecurityToken");

    com.aliyun.vpc20160428.Client tampered = new com.aliyun.vpc20160428.Client(Sdk.darabonba(cloud,
        sts.getAccessKeyId(), sts.getAccessKeySecret(), sts.getSessionToken() + "x"));
    TeaException wrong = catchThrowableOfType(TeaException.class, () ->
        tampered.describeRouteTableList(new DescribeRouteTableListRequest().setRegionId(Sdk.REGION)));
    assertThat(wrong.getCode()).startsWith("InvalidSecurityToken");
    assertThat(wrong.getMessage()).doesNotContain(sts.getSessionToken()).doesNotContain(sts.getAccessKeySecret());
  }

  @Test
  void noSecretReachesTheJournal() throws Exception {
    new com.aliyun.ecs20140526.Client(Sdk.darabonba(cloud, sts.getAccessKeyId(), sts.getAccessKeySecret(),
        sts.getSessionToken())).describeInstances(new DescribeInstancesRequest().setRegionId(Sdk.REGION));
    IAcsClient classic = Sdk.classic(provider());
    try {
      classic.getAcsResponse(Sdk.at(cloud, new DescribeLoadBalancersRequest()));
    } finally {
      classic.shutdown();
    }
    String journal = cloud.control().get("/_ccm4j/journal").toString();
    assertThat(journal).contains("DescribeInstances", "DescribeLoadBalancers")
        .doesNotContain(sts.getSessionToken())
        .doesNotContain(sts.getAccessKeySecret())
        .doesNotContain(Sdk.ACCESS_KEY_SECRET);
  }

  // the metadata host setter is deprecated as "only for testing": this is that test, against an emulated host
  @SuppressWarnings("deprecation")
  private static InstanceProfileCredentialsProvider provider() {
    ECSMetadataServiceCredentialsFetcher fetcher =
        new ECSMetadataServiceCredentialsFetcher(cloud.ramRole(), true, 2_000, 5_000)
            .withECSMetadataServiceHost(Sdk.endpoint(cloud));
    return new InstanceProfileCredentialsProvider(cloud.ramRole()).withFetcher(fetcher);
  }

}
