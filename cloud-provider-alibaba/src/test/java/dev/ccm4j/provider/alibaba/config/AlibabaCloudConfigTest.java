package dev.ccm4j.provider.alibaba.config;

import dev.ccm4j.testkit.logging.LogCapture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.CloudConfigException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlibabaCloudConfigTest {

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static AlibabaCloudConfig parse(String text) {
    return AlibabaCloudConfig.parse(CloudConfig.of(text), Map.of());
  }

  private static AlibabaCloudConfig parse(String text, Map<String, String> env) {
    return AlibabaCloudConfig.parse(CloudConfig.of(text), env);
  }

  private static String global(String body) {
    return "{\"Global\":{" + body + "}}";
  }

  @Test
  void readsEveryUpstreamAndCcm4jKeyFromJson() {
    String json = global("\"uid\":\"1234567890\","
        + "\"accessKeyID\":\"" + b64("LTAIexampleid") + "\","
        + "\"accessKeySecret\":\"" + b64("exampleSecretValue") + "\","
        + "\"clusterID\":\"c-1\",\"kubernetesClusterTag\":\"my.tag\",\"region\":\"cn-beijing\","
        + "\"vpcid\":\"vpc-1\",\"zoneid\":\"cn-beijing-a\",\"vswitchid\":\"cn-beijing-a:vsw-a,cn-beijing-b:vsw-b\","
        + "\"resourceGroupID\":\"  rg-1  \",\"serviceMaxConcurrentReconciles\":5,\"serviceBackendType\":\"ENI\","
        + "\"disablePublicSLB\":true,\"nodeMaxConcurrentReconciles\":2,\"nodeMonitorPeriod\":120,"
        + "\"nodeAddrSyncPeriod\":240,\"routeMaxConcurrentReconciles\":4,\"routeTableIDs\":\"vtb-1, vtb-2,\","
        + "\"privateZoneId\":\"pz-1\",\"privateZoneRecordTTL\":60,"
        + "\"featureGates\":\"IPv6DualStack=true,EndpointSlice=false\","
        + "\"ecsEndpoint\":\"ecs.example.internal\",\"slbEndpoint\":\"https://slb.example.internal:8443\","
        + "\"vpcEndpoint\":\"http://127.0.0.1:9000\",\"nlbEndpoint\":\"nlb.example.internal:444\","
        + "\"metadataEndpoint\":\"127.0.0.1:8100\",\"signatureAlgorithm\":\"hmac-sha1\",\"network\":\"public\","
        + "\"sgBatchSize\":20");
    AlibabaCloudConfig c = parse(json);

    assertThat(c.uid()).contains("1234567890");
    assertThat(c.accessKeyId()).contains("LTAIexampleid");
    assertThat(c.accessKeySecret()).contains("exampleSecretValue");
    assertThat(c.clusterId()).contains("c-1");
    assertThat(c.ownershipClusterId("kubernetes")).isEqualTo("c-1");
    assertThat(c.kubernetesClusterTag()).isEqualTo("my.tag");
    assertThat(c.region()).contains("cn-beijing");
    assertThat(c.vpcId()).contains("vpc-1");
    assertThat(c.zoneId()).contains("cn-beijing-a");
    assertThat(c.vswitchId()).contains("cn-beijing-a:vsw-a,cn-beijing-b:vsw-b");
    assertThat(c.vswitchIds()).containsExactly(Map.entry("cn-beijing-a", "vsw-a"), Map.entry("cn-beijing-b", "vsw-b"));
    assertThat(c.vswitchIdFor("cn-beijing-b")).contains("vsw-b");
    assertThat(c.vswitchIdFor("cn-beijing-c")).isEmpty();
    assertThat(c.staticMetadata()).isTrue();
    assertThat(c.resourceGroupId()).contains("rg-1");
    assertThat(c.serviceMaxConcurrentReconciles()).isEqualTo(5);
    assertThat(c.serviceBackendType()).contains("eni");
    assertThat(c.disablePublicSlb()).isTrue();
    assertThat(c.nodeMaxConcurrentReconciles()).isEqualTo(2);
    assertThat(c.nodeMonitorPeriod()).contains(Duration.ofSeconds(120));
    assertThat(c.nodeAddrSyncPeriod()).contains(Duration.ofSeconds(240));
    assertThat(c.routeMaxConcurrentReconciles()).isEqualTo(4);
    assertThat(c.routeTableIds()).containsExactly("vtb-1", "vtb-2");
    assertThat(c.privateZoneId()).contains("pz-1");
    assertThat(c.privateZoneRecordTtl()).contains(60L);
    assertThat(c.featureGates()).containsExactly(Map.entry("IPv6DualStack", true), Map.entry("EndpointSlice", false));
    assertThat(c.featureGate("IPv6DualStack", false)).isTrue();
    assertThat(c.featureGate("Unknown", true)).isTrue();
    assertThat(c.ecsEndpoint()).contains(URI.create("https://ecs.example.internal"));
    assertThat(c.slbEndpoint()).contains(URI.create("https://slb.example.internal:8443"));
    assertThat(c.vpcEndpoint()).contains(URI.create("http://127.0.0.1:9000"));
    assertThat(c.nlbEndpoint()).contains(URI.create("https://nlb.example.internal:444"));
    assertThat(c.metadataEndpoint()).isEqualTo(URI.create("http://127.0.0.1:8100"));
    assertThat(c.signatureAlgorithm()).isEqualTo(SignatureAlgorithm.HMAC_SHA1);
    assertThat(c.network()).isEqualTo(Network.PUBLIC);
    assertThat(c.sgBatchSize()).isEqualTo(20);
    assertThat(c.toString()).doesNotContain("exampleSecretValue").doesNotContain(b64("exampleSecretValue"))
        .contains("region=cn-beijing");
  }

  @Test
  void defaultsWhenAlmostNothingIsSet() {
    AlibabaCloudConfig c = parse("{\"Global\":{\"KubernetesClusterTag\":\"\",\"routeTableIDs\":\"\","
        + "\"disablePublicSLB\":false}}");
    assertThat(c.accessKeyId()).isEmpty();
    assertThat(c.clusterId()).isEmpty();
    assertThat(c.ownershipClusterId("kubernetes")).isEqualTo("kubernetes");
    assertThat(c.kubernetesClusterTag()).isEqualTo("ack.aliyun.com");
    assertThat(c.region()).isEmpty();
    assertThat(c.routeTableIds()).isEmpty();
    assertThat(c.serviceMaxConcurrentReconciles()).isEqualTo(3);
    assertThat(c.nodeMaxConcurrentReconciles()).isEqualTo(1);
    assertThat(c.routeMaxConcurrentReconciles()).isEqualTo(1);
    assertThat(c.serviceBackendType()).isEmpty();
    assertThat(c.disablePublicSlb()).isFalse();
    assertThat(c.nodeMonitorPeriod()).isEmpty();
    assertThat(c.signatureAlgorithm()).isEqualTo(SignatureAlgorithm.ACS3_HMAC_SHA256);
    assertThat(c.network()).isEqualTo(Network.VPC);
    assertThat(c.sgBatchSize()).isEqualTo(40);
    assertThat(c.staticMetadata()).isFalse();
    assertThat(c.metadataEndpoint()).isEqualTo(URI.create("http://100.100.100.200"));
    assertThat(c.ecsEndpoint()).isEmpty();
    assertThat(c.endpoint("ecs", "cn-hangzhou")).isEqualTo(URI.create("https://ecs-vpc.cn-hangzhou.aliyuncs.com"));
    assertThat(c.endpoint("NLB", "eu-central-1"))
        .isEqualTo(URI.create("https://nlb-vpc.eu-central-1.aliyuncs.com"));
  }

  @Test
  void anEmptyConfigIsAllDefaults() {
    AlibabaCloudConfig c = AlibabaCloudConfig.parse(CloudConfig.empty(), Map.of());
    assertThat(c.region()).isEmpty();
    assertThat(c.sgBatchSize()).isEqualTo(40);
    assertThat(parse("{}").kubernetesClusterTag()).isEqualTo("ack.aliyun.com");
    assertThat(parse("{\"Global\":null}").region()).isEmpty();
  }

  @Test
  void readsYamlWithTheSameKeys() {
    String yaml = "Global:\n"
        + "  accessKeyID: " + b64("yamlid") + "\n"
        + "  accessKeySecret: " + b64("yamlsecret") + "\n"
        + "  region: cn-shanghai\n"
        + "  vpcid: vpc-y\n"
        + "  vswitchid: vsw-only\n"
        + "  clusterID: 12345\n"
        + "  disablePublicSLB: true\n"
        + "  sgBatchSize: \"15\"\n"
        + "  routeTableIDs: vtb-a,vtb-b\n"
        + "  network: vpc\n";
    AlibabaCloudConfig c = parse(yaml);
    assertThat(c.accessKeyId()).contains("yamlid");
    assertThat(c.accessKeySecret()).contains("yamlsecret");
    assertThat(c.region()).contains("cn-shanghai");
    assertThat(c.clusterId()).contains("12345");
    assertThat(c.disablePublicSlb()).isTrue();
    assertThat(c.sgBatchSize()).isEqualTo(15);
    assertThat(c.routeTableIds()).containsExactly("vtb-a", "vtb-b");
    // a single vSwitch id without zone: upstream falls back to the raw value for every zone
    assertThat(c.vswitchIds()).isEmpty();
    assertThat(c.vswitchIdFor("any-zone")).contains("vsw-only");
    assertThat(c.staticMetadata()).isTrue();
  }

  @Test
  void matchesKeysCaseInsensitivelyLikeGoAndALaterKeyWins() {
    AlibabaCloudConfig c = parse("{\"global\":{\"VPCID\":\"vpc-a\",\"Region\":\"cn-hangzhou\","
        + "\"RouteTableIds\":\"vtb-x\",\"SGBATCHSIZE\":7,\"vpcId\":\"vpc-b\"}}");
    assertThat(c.vpcId()).contains("vpc-b");
    assertThat(c.region()).contains("cn-hangzhou");
    assertThat(c.routeTableIds()).containsExactly("vtb-x");
    assertThat(c.sgBatchSize()).isEqualTo(7);
  }

  @Test
  void twoGlobalSectionsMergeAsGoDecodesThem() {
    AlibabaCloudConfig c = parse("{\"global\":{\"vpcid\":\"vpc-a\",\"zoneid\":\"z-a\"},"
        + "\"Global\":{\"vpcid\":\"vpc-b\"}}");
    assertThat(c.vpcId()).contains("vpc-b");
    assertThat(c.zoneId()).contains("z-a");
  }

  @Test
  void tabIndentedJsonIsAccepted() {
    assertThat(parse("{\n\t\"Global\": {\n\t\t\"region\": \"cn-hangzhou\"\n\t}\n}").region())
        .contains("cn-hangzhou");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"sgBatchSize\":0|Global.sgBatchSize|between 1 and 40",
      "\"sgBatchSize\":41|Global.sgBatchSize|between 1 and 40",
      "\"sgBatchSize\":\"many\"|Global.sgBatchSize|integer",
      "\"sgBatchSize\":1.5|Global.sgBatchSize|integer",
      "\"serviceMaxConcurrentReconciles\":-1|Global.serviceMaxConcurrentReconciles|between 1",
      "\"nodeMaxConcurrentReconciles\":0|Global.nodeMaxConcurrentReconciles|between 1",
      "\"routeMaxConcurrentReconciles\":\"x\"|Global.routeMaxConcurrentReconciles|integer",
      "\"nodeMonitorPeriod\":0|Global.nodeMonitorPeriod|between 1",
      "\"nodeAddrSyncPeriod\":\"soon\"|Global.nodeAddrSyncPeriod|integer",
      "\"privateZoneRecordTTL\":-5|Global.privateZoneRecordTTL|between 1",
      "\"disablePublicSLB\":\"yes\"|Global.disablePublicSLB|true or false",
      "\"disablePublicSLB\":1|Global.disablePublicSLB|true or false",
      "\"serviceBackendType\":\"pod\"|Global.serviceBackendType|ecs, eni",
      "\"signatureAlgorithm\":\"MD5\"|Global.signatureAlgorithm|ACS3-HMAC-SHA256, HMAC-SHA1",
      "\"network\":\"internet\"|Global.network|vpc, public",
      "\"region\":\"CN HANGZHOU\"|Global.region|region id",
      "\"featureGates\":\"IPv6DualStack\"|Global.featureGates|entry 1",
      "\"featureGates\":\"A=true,B=maybe\"|Global.featureGates|entry 2",
      "\"vpcid\":{\"a\":1}|Global.vpcid|must be a string",
      "\"ecsEndpoint\":\"ftp://ecs.example\"|Global.ecsEndpoint|http or https",
      "\"slbEndpoint\":\"https://slb.example/path\"|Global.slbEndpoint|without user info, path or query",
      "\"vpcEndpoint\":\"https://user:pw@vpc.example\"|Global.vpcEndpoint|without user info",
      "\"nlbEndpoint\":\"bad host name\"|Global.nlbEndpoint|not a valid host",
      "\"metadataEndpoint\":\"http://md?x=1\"|Global.metadataEndpoint|without user info, path or query",
  })
  void rejectsBadValuesNamingTheKeyButNotTheValue(String entry, String key, String problem) {
    assertThatThrownBy(() -> parse(global(entry)))
        .isInstanceOf(CloudConfigException.class)
        .hasMessageContaining(key)
        .hasMessageContaining(problem)
        .hasMessageStartingWith("<inline>: ")
        .satisfies(e -> {
          String value = entry.substring(entry.indexOf(':') + 1).replace("\"", "");
          if (value.length() > 2) {
            assertThat(e.getMessage()).doesNotContain(value);
          }
        });
  }

  @Test
  void base64CredentialsAreCheckedWithoutEchoingThem() {
    assertThatThrownBy(() -> parse(global("\"accessKeyID\":\"not base64!\",\"accessKeySecret\":\"" + b64("s")
        + "\"")))
        .isInstanceOf(CloudConfigException.class)
        .hasMessageContaining("Global.accessKeyID is not valid base64")
        .hasMessageNotContaining("not base64!");
    // a plain key given where base64 was expected decodes to binary garbage
    assertThatThrownBy(() -> parse(global("\"accessKeyID\":\"" + b64("id") + "\","
        + "\"accessKeySecret\":\"LTAI5tPlainSecretValueX1\"")))
        .isInstanceOf(CloudConfigException.class)
        .hasMessageContaining("Global.accessKeySecret")
        .hasMessageContaining("base64 of the key")
        .hasMessageNotContaining("LTAI5tPlainSecretValueX1");
    assertThatThrownBy(() -> parse(global("\"accessKeySecret\":\"" + b64("secret-only") + "\"")))
        .isInstanceOf(CloudConfigException.class)
        .hasMessageContaining("Global.accessKeyID is required when Global.accessKeySecret is set");
  }

  @Test
  void aTrailingNewlineInTheEncodedKeyIsForgiven() {
    // echo "$KEY" | base64 encodes the newline too
    AlibabaCloudConfig c = parse(global("\"accessKeyID\":\"" + b64("id\n") + "\",\"accessKeySecret\":\""
        + b64("sec\n") + "\""));
    assertThat(c.accessKeyId()).contains("id");
    assertThat(c.accessKeySecret()).contains("sec");
  }

  @Test
  void syntaxErrorsGiveThePositionButNoContent() {
    String secret = "SuperSecretValue42";
    assertThatThrownBy(() -> parse("{\"Global\":{\"accessKeySecret\":\"" + secret + "\" \"region\":1}}"))
        .isInstanceOf(CloudConfigException.class)
        .hasMessageContaining("invalid JSON cloud-config")
        .hasMessageContaining("line 1 column")
        .hasMessageNotContaining(secret);
    assertThatThrownBy(() -> parse("Global:\n  accessKeySecret: " + secret + "\n bad: [\n"))
        .isInstanceOf(CloudConfigException.class)
        .hasMessageContaining("invalid YAML cloud-config at line")
        .hasMessageNotContaining(secret);
    assertThatThrownBy(() -> parse("[1,2]"))
        .isInstanceOf(CloudConfigException.class)
        .hasMessageContaining("must be an object with a Global section");
    assertThatThrownBy(() -> parse("{\"Global\":[1]}"))
        .isInstanceOf(CloudConfigException.class)
        .hasMessageContaining("Global must be an object");
  }

  @Test
  void aSecretOnAMalformedYamlLineIsNotEchoed() {
    // issue 15: SnakeYAML's complaint quotes an undefined alias or an unknown tag, here the secret itself
    String secret = "Sup3rS3cretKey42";
    for (String value : List.of("*" + secret, "!" + secret + " x", "\"" + secret + "\\q\"", "!!int " + secret)) {
      Throwable e = org.assertj.core.api.Assertions.catchThrowable(
          () -> parse("Global:\n  region: cn-hangzhou\n  accessKeySecret: " + value + "\n"));
      assertThat(e).as(value).isInstanceOf(CloudConfigException.class)
          .hasMessageContaining(value.startsWith("!!") ? "invalid YAML cloud-config" // SnakeYAML knows no position
              : "invalid YAML cloud-config at line 3 column");
      for (Throwable t = e; t != null; t = t.getCause()) {
        assertThat(t.toString()).as(value).doesNotContain(secret).doesNotContain(secret.substring(0, 8))
            .doesNotContain(secret.substring(8));
      }
    }
  }

  @Test
  void unknownKeysAreLoggedOnceByNameOnly() {
    try (LogCapture logs = LogCapture.of(AlibabaCloudConfig.class.getName())) {
      String text = "{\"Global\":{\"region\":\"cn-hangzhou\",\"unknownKeyForTest\":\"hidden-value-1\"},"
          + "\"Other\":{\"x\":\"hidden-value-2\"}}";
      parse(text);
      parse(text);
      List<String> lines = logs.lines();
      assertThat(lines.stream().filter(l -> l.contains("Global.unknownKeyForTest"))).hasSize(1);
      assertThat(lines.stream().filter(l -> l.contains("ignoring unknown key Other"))).hasSize(1);
      assertThat(String.join("\n", lines)).doesNotContain("hidden-value");
    }
  }

  @Test
  void endpointsFromTheEnvironmentAndConfigWinsOverThem() {
    Map<String, String> env = Map.of(
        "ECS_ENDPOINT", "ecs.env.example",
        "SLB_ENDPOINT", "http://slb.env.example:8080",
        "VPC_ENDPOINT", "vpc.env.example",
        "NLB_ENDPOINT", "nlb.env.example",
        "METADATA_ENDPOINT", "http://127.0.0.2:81");
    AlibabaCloudConfig c = parse(global("\"vpcEndpoint\":\"vpc.config.example\",\"region\":\"cn-hangzhou\""), env);
    assertThat(c.ecsEndpoint()).contains(URI.create("https://ecs.env.example"));
    assertThat(c.slbEndpoint()).contains(URI.create("http://slb.env.example:8080"));
    assertThat(c.vpcEndpoint()).contains(URI.create("https://vpc.config.example"));
    assertThat(c.nlbEndpoint()).contains(URI.create("https://nlb.env.example"));
    assertThat(c.metadataEndpoint()).isEqualTo(URI.create("http://127.0.0.2:81"));
    assertThat(c.endpoint("ecs", "cn-hangzhou")).isEqualTo(URI.create("https://ecs.env.example"));
  }

  @Test
  void publicNetworkDropsTheVpcInfix() {
    AlibabaCloudConfig c = parse(global("\"network\":\"PUBLIC\""));
    assertThat(c.endpoint("slb", "ap-southeast-1")).isEqualTo(URI.create("https://slb.ap-southeast-1.aliyuncs.com"));
    assertThat(AlibabaCloudConfig.defaultEndpoint("vpc", "cn-hangzhou", Network.VPC))
        .isEqualTo(URI.create("https://vpc-vpc.cn-hangzhou.aliyuncs.com"));
    assertThatThrownBy(() -> c.endpoint("oss", "cn-hangzhou")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("oss");
    assertThatThrownBy(() -> AlibabaCloudConfig.defaultEndpoint("ecs", "evil.com/x", Network.VPC))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void httpSchemeAppliesOnlyToExplicitEndpointsWithoutScheme() {
    Map<String, String> allExplicit = Map.of(
        "ALICLOUD_CLIENT_SCHEME", "HTTP",
        "ECS_ENDPOINT", "127.0.0.1:9000",
        "SLB_ENDPOINT", "https://slb.example",
        "VPC_ENDPOINT", "127.0.0.1:9000",
        "NLB_ENDPOINT", "127.0.0.1:9000");
    AlibabaCloudConfig c = parse("{}", allExplicit);
    assertThat(c.ecsEndpoint()).contains(URI.create("http://127.0.0.1:9000"));
    assertThat(c.slbEndpoint()).contains(URI.create("https://slb.example"));

    // a default endpoint would have to be plain http: refuse, naming the variable and the missing endpoints
    assertThatThrownBy(() -> parse(global("\"ecsEndpoint\":\"127.0.0.1:9000\""),
            Map.of("ALICLOUD_CLIENT_SCHEME", "http")))
        .isInstanceOf(CloudConfigException.class)
        .hasMessageContaining("ALICLOUD_CLIENT_SCHEME=HTTP applies only to explicit endpoints")
        .hasMessageContaining("Global.slbEndpoint or SLB_ENDPOINT")
        .hasMessageContaining("Global.nlbEndpoint or NLB_ENDPOINT")
        .hasMessageNotContaining("ECS_ENDPOINT");
    assertThatThrownBy(() -> parse("{}", Map.of("ALICLOUD_CLIENT_SCHEME", "gopher")))
        .isInstanceOf(CloudConfigException.class)
        .hasMessageContaining("ALICLOUD_CLIENT_SCHEME must be HTTP or HTTPS");
    assertThat(parse("{}", Map.of("ALICLOUD_CLIENT_SCHEME", "HTTPS")).ecsEndpoint()).isEmpty();
  }

  @Test
  void badEnvironmentEndpointsNameTheVariable() {
    assertThatThrownBy(() -> parse("{}", Map.of("NLB_ENDPOINT", "ftp://nlb")))
        .isInstanceOf(CloudConfigException.class)
        .hasMessageContaining("environment variable NLB_ENDPOINT must use http or https");
    assertThatThrownBy(() -> parse("{}", Map.of("METADATA_ENDPOINT", "http://md/latest")))
        .isInstanceOf(CloudConfigException.class)
        .hasMessageContaining("environment variable METADATA_ENDPOINT");
  }

  @Test
  void metadataEndpointDefaultsToPlainHttp() {
    assertThat(parse(global("\"metadataEndpoint\":\"md.local\"")).metadataEndpoint())
        .isEqualTo(URI.create("http://md.local"));
    assertThat(parse(global("\"metadataEndpoint\":\"https://md.local:8443\"")).metadataEndpoint())
        .isEqualTo(URI.create("https://md.local:8443"));
  }

  @Test
  void vswitchEntriesWithoutZoneAreSkipped() {
    AlibabaCloudConfig c = parse(global("\"vswitchid\":\"vsw-nozone,cn-hangzhou-k:vsw-k,:vsw-bad\""));
    assertThat(c.vswitchIds()).containsExactly(Map.entry("cn-hangzhou-k", "vsw-k"));
    assertThat(c.vswitchIdFor("cn-hangzhou-k")).contains("vsw-k");
    assertThat(c.staticMetadata()).isFalse();
  }
}
