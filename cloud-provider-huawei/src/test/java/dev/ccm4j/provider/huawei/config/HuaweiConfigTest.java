package dev.ccm4j.provider.huawei.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.CloudConfigException;
import dev.ccm4j.provider.huawei.api.HuaweiService;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HuaweiConfigTest {
  private static final String SECRET = "s3cr3t-Value-Never-Shown";

  private static HuaweiConfig parse(String text) {
    return HuaweiConfig.parse(CloudConfig.of(text), Map.of());
  }

  private static HuaweiConfig parse(String text, Map<String, String> env) {
    return HuaweiConfig.parse(CloudConfig.of(text), env);
  }

  @Test
  void readsTheOriginalFileWithDefaults() {
    HuaweiConfig c = parse("""
        [Global]
        region = cn-north-4
        access-key = AK123
        secret-key = %s
        project-id = 0123456789abcdef0123456789abcdef

        [Vpc]
        id = vpc-1
        subnet-id = 1f2e3d4c-0000-1111-2222-333344445555
        """.formatted(SECRET));
    assertThat(c.region()).isEqualTo("cn-north-4");
    assertThat(c.accessKey()).contains("AK123");
    assertThat(c.secretKey()).contains(SECRET);
    assertThat(c.projectId()).contains("0123456789abcdef0123456789abcdef");
    assertThat(c.cloud()).isEqualTo("myhuaweicloud.com");
    assertThat(c.vpcId()).contains("vpc-1");
    assertThat(c.subnetId()).contains("1f2e3d4c-0000-1111-2222-333344445555");
    assertThat(c.securityGroupId()).isEmpty();
    assertThat(c.endpoint(HuaweiService.ECS)).isEqualTo(URI.create("https://ecs.cn-north-4.myhuaweicloud.com"));
    assertThat(c.endpoint(HuaweiService.ELB)).isEqualTo(URI.create("https://elb.cn-north-4.myhuaweicloud.com"));
    assertThat(c.endpoint(HuaweiService.VPC)).isEqualTo(URI.create("https://vpc.cn-north-4.myhuaweicloud.com"));
    assertThat(c.endpoint(HuaweiService.NAT)).isEqualTo(URI.create("https://nat.cn-north-4.myhuaweicloud.com"));
    assertThat(c.endpoint(HuaweiService.IAM)).isEqualTo(URI.create("https://iam.myhuaweicloud.com"));
    assertThat(c.metadataEndpoint()).isEqualTo(URI.create("http://169.254.169.254"));
    assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.caFile()).isEmpty();
    assertThat(c.toString()).doesNotContain(SECRET);
  }

  @Test
  void cloudDomainChangesEveryDefaultEndpoint() {
    HuaweiConfig c = parse("[Global]\nregion=eu-west-101\ncloud=myhuaweicloud.eu\n");
    assertThat(c.endpoint(HuaweiService.ELB)).isEqualTo(URI.create("https://elb.eu-west-101.myhuaweicloud.eu"));
    assertThat(c.endpoint(HuaweiService.IAM)).isEqualTo(URI.create("https://iam.myhuaweicloud.eu"));
  }

  @Test
  void oneEndpointServesEveryServiceIncludingIam() {
    HuaweiConfig c = parse("[Global]\nregion=cn-north-4\nendpoint=http://127.0.0.1:8443/\n");
    for (HuaweiService s : HuaweiService.values()) {
      assertThat(c.endpoint(s)).as(s.name()).isEqualTo(URI.create("http://127.0.0.1:8443"));
    }
  }

  @Test
  void perServiceEndpointsWinOverTheCommonOne() {
    HuaweiConfig c = parse("""
        [Global]
        region=cn-north-4
        endpoint=https://all.example.com
        elb-endpoint=https://elb.example.com/prefix
        iam-endpoint=https://iam.example.com
        metadata-endpoint=http://127.0.0.1:9999
        """);
    assertThat(c.endpoint(HuaweiService.ELB)).isEqualTo(URI.create("https://elb.example.com/prefix"));
    assertThat(c.endpoint(HuaweiService.ECS)).isEqualTo(URI.create("https://all.example.com"));
    assertThat(c.endpoint(HuaweiService.IAM)).isEqualTo(URI.create("https://iam.example.com"));
    assertThat(c.metadataEndpoint()).isEqualTo(URI.create("http://127.0.0.1:9999"));
  }

  @Test
  void iamEndpointFromSdkEnvironmentThenAuthUrl() {
    String text = "[Global]\nregion=cn-north-4\nauth-url=https://iam.private.example:443/v3/\n"
        + "endpoint=https://all.example.com\n";
    assertThat(parse(text).endpoint(HuaweiService.IAM)).as("auth-url, its /v3/ dropped")
        .isEqualTo(URI.create("https://iam.private.example:443"));
    assertThat(parse(text, Map.of(HuaweiConfig.IAM_ENDPOINT_ENV, "https://iam.env.example"))
        .endpoint(HuaweiService.IAM)).isEqualTo(URI.create("https://iam.env.example"));
    assertThat(parse(text + "iam-endpoint=https://iam.key.example\n",
        Map.of(HuaweiConfig.IAM_ENDPOINT_ENV, "https://iam.env.example")).endpoint(HuaweiService.IAM))
        .isEqualTo(URI.create("https://iam.key.example"));
    assertThatThrownBy(() -> parse(text, Map.of(HuaweiConfig.IAM_ENDPOINT_ENV, "ftp://x")))
        .isInstanceOf(CloudConfigException.class).hasMessageContaining(HuaweiConfig.IAM_ENDPOINT_ENV);
  }

  @Test
  void missingRegionNamesSectionAndKey() {
    assertThatThrownBy(() -> parse("[Global]\naccess-key=a\nsecret-key=" + SECRET + "\n"))
        .isInstanceOf(CloudConfigException.class)
        .hasMessageContaining("region").hasMessageContaining("[Global]").hasMessageNotContaining(SECRET);
  }

  @Test
  void accessAndSecretKeyComeInPairs() {
    assertThatThrownBy(() -> parse("[Global]\nregion=r1\naccess-key=AK\n"))
        .isInstanceOf(CloudConfigException.class).hasMessageContaining("secret-key")
        .hasMessageContaining("[Global]");
    assertThatThrownBy(() -> parse("[Global]\nregion=r1\nsecret-key=" + SECRET + "\n"))
        .isInstanceOf(CloudConfigException.class).hasMessageContaining("access-key")
        .hasMessageNotContaining(SECRET);
    HuaweiConfig metadata = parse("[Global]\nregion=r1\naccess-key=\nsecret-key=\n");
    assertThat(metadata.accessKey()).isEmpty();
    assertThat(metadata.secretKey()).isEmpty();
  }

  @Test
  void badValuesNameTheKeyButNeverTheValue() {
    String[][] cases = {
        {"[Global]\nregion=bad region\n", "region"},
        {"[Global]\nregion=r1\nendpoint=ftp://" + SECRET + "\n", "endpoint"},
        {"[Global]\nregion=r1\nelb-endpoint=https://user:" + SECRET + "@h\n", "elb-endpoint"},
        {"[Global]\nregion=r1\necs-endpoint=https://h/?" + SECRET + "\n", "ecs-endpoint"},
        {"[Global]\nregion=r1\nproject-id=../" + SECRET + "\n", "project-id"},
        {"[Global]\nregion=r1\ncloud=" + SECRET + "/x\n", "cloud"},
        {"[Global]\nregion=r1\nrequest-timeout=" + SECRET + "\n", "request-timeout"},
        {"[Global]\nregion=r1\nrequest-timeout=0s\n", "request-timeout"},
        {"[Global]\nregion=r1\nca-file=/nonexistent/" + SECRET + "\n", "ca-file"},
        {"[Global]\nregion=r1\n[Vpc]\nsubnet-id=a/" + SECRET + "\n", "subnet-id"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> parse(c[0])).as(c[1]).isInstanceOf(CloudConfigException.class)
          .hasMessageContaining("\"" + c[1] + "\"").hasMessageNotContaining(SECRET);
    }
  }

  @Test
  void requestTimeoutTakesGoDurations() {
    assertThat(parse("[Global]\nregion=r1\nrequest-timeout=1m30s\n").requestTimeout())
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(parse("[Global]\nregion=r1\nrequest-timeout=1500ms\n").requestTimeout())
        .isEqualTo(Duration.ofMillis(1500));
    assertThat(parse("[Global]\nregion=r1\nrequest-timeout=45\n").requestTimeout())
        .isEqualTo(Duration.ofSeconds(45));
    assertThat(HuaweiConfig.parseGoDuration("1h")).contains(Duration.ofHours(1));
    assertThat(HuaweiConfig.parseGoDuration("1x")).isEmpty();
    assertThat(HuaweiConfig.parseGoDuration("s")).isEmpty();
  }

  @Test
  void caFileMustBeReadable(@TempDir Path dir) throws Exception {
    Path pem = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
    assertThat(parse("[Global]\nregion=r1\nca-file=" + pem + "\n").caFile()).contains(pem);
  }

  @Test
  void securityGroupIdEnablesTheNodeController() {
    assertThat(parse("[Global]\nregion=r1\n[Vpc]\nsecurity-group-id=sg-1\n").securityGroupId()).contains("sg-1");
  }

  @Test
  void syntaxErrorsAreCloudConfigErrors() {
    assertThatThrownBy(() -> parse("[Global\nregion=r1\n")).isInstanceOf(CloudConfigException.class);
  }

  @Test
  void aMalformedSecretKeyLineDoesNotEchoTheSecret() {
    // issue 15: IniConfig quoted the text before "=" (here the whole line, secret included) and escapes
    String secret = "Sup3rS3cretKey42";
    for (String line : java.util.List.of("secret-key: " + secret, "secret-key " + secret, "secret-key = \"" + secret,
        "secret-key = " + secret.substring(0, 8) + "\\z" + secret.substring(8))) {
      Throwable e = org.assertj.core.api.Assertions.catchThrowable(
          () -> parse("[Global]\nregion = cn-north-4\naccess-key = AK\n" + line + "\n"));
      assertThat(e).as(line).isInstanceOf(CloudConfigException.class)
          .hasMessageStartingWith("<inline> line 4, section [Global]");
      for (Throwable t = e; t != null; t = t.getCause()) {
        String text = t.toString().toLowerCase(java.util.Locale.ROOT);
        assertThat(text).as(line).doesNotContain(secret.toLowerCase(java.util.Locale.ROOT))
            .doesNotContain(secret.substring(0, 8).toLowerCase(java.util.Locale.ROOT))
            .doesNotContain(secret.substring(8).toLowerCase(java.util.Locale.ROOT));
      }
    }
  }
}
