package dev.ccm4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudConfigTest {

  @Test
  void iniReadsSectionsSubsectionsQuotesCommentsAndRepeatedKeys() {
    IniConfig ini = CloudConfig.of("""
        ; global settings
        [Global]
        Region = cn-north-4   ; trailing comment
        project-id = "abc ; not a comment"
        secret = "a\\"b\\\\c"
        nodeSelector
        [LoadBalancer "internal"]
        subnet = s-1
        subnet = s-2
        # hash comment
        [LoadBalancer "Public"]
        subnet = s-9
        """).ini();

    assertThat(ini.sections()).containsExactly("global", "loadbalancer");
    assertThat(ini.get("GLOBAL", "region")).contains("cn-north-4");
    assertThat(ini.get("Global", "project-id")).contains("abc ; not a comment");
    assertThat(ini.get("Global", "secret")).contains("a\"b\\c");
    assertThat(ini.get("Global", "nodeselector")).contains("true");
    assertThat(ini.subsections("LoadBalancer")).containsExactly("internal", "Public");
    assertThat(ini.getAll("LoadBalancer", "internal", "subnet")).containsExactly("s-1", "s-2");
    assertThat(ini.get("LoadBalancer", "internal", "subnet")).contains("s-2");
    assertThat(ini.get("LoadBalancer", "public", "subnet")).as("subsections are case-sensitive").isEmpty();
    assertThat(ini.keys("Global", null)).containsExactly("region", "project-id", "secret", "nodeselector");
    assertThat(ini.get("Missing", "x")).isEmpty();
  }

  @Test
  void iniKeysBeforeTheFirstSectionBelongToTheUnnamedSection() {
    IniConfig ini = CloudConfig.of("endpoint = https://api\n[Global]\nregion = x\n").ini();
    assertThat(ini.get("", "endpoint")).contains("https://api");
  }

  @Test
  void iniErrorsNameTheSourceAndLine() {
    assertThatThrownBy(() -> CloudConfig.of("[Global]\nregion = x\n[Broken\n").ini())
        .isInstanceOf(CloudConfigException.class)
        .hasMessage("<inline> line 3: section header is missing its closing ']'");
    assertThatThrownBy(() -> CloudConfig.of("[Global]\nbad key = 1\n").ini())
        .hasMessage("<inline> line 2, section [Global]: invalid key; expected key = value with a key of letters,"
            + " digits, '-', '_' and '.'");
    assertThatThrownBy(() -> CloudConfig.of("[Global]\nregion = \"open\n").ini())
        .hasMessage("<inline> line 2, section [Global], key \"region\": unterminated quoted value");
    assertThatThrownBy(() -> CloudConfig.of("[Global]\nregion = a\\qb\n").ini())
        .hasMessage("<inline> line 2, section [Global], key \"region\": invalid escape; only \\\", \\\\, \\n and"
            + " \\t are allowed");
    assertThatThrownBy(() -> CloudConfig.of("[LB \"x]\n").ini())
        .hasMessage("<inline> line 1: subsection name must be in double quotes");
  }

  @Test
  void iniRequireNamesSectionAndKey() {
    IniConfig ini = CloudConfig.of("[Global]\nregion =\n").ini();
    assertThatThrownBy(() -> ini.require("Global", "region"))
        .hasMessage("<inline>: missing required key \"region\" in section [Global]");
  }

  @Test
  void keyValuesHandleExportQuotesCommentsAndOverrides() {
    Map<String, String> kv = CloudConfig.of("""
        # credentials come from a Secret
        export REGION="cn-hangzhou"
        ZONE='cn-hangzhou-h'
        EMPTY=
        REGION=cn-shanghai
        URL=https://x/?a=b
        """).keyValues();

    assertThat(kv).containsExactly(
        Map.entry("REGION", "cn-shanghai"), Map.entry("ZONE", "cn-hangzhou-h"), Map.entry("EMPTY", ""),
        Map.entry("URL", "https://x/?a=b"));
  }

  @Test
  void keyValuesErrorsNameTheLine() {
    assertThatThrownBy(() -> CloudConfig.of("A=1\njust text\n").keyValues())
        .isInstanceOf(CloudConfigException.class)
        .hasMessage("<inline> line 2: expected KEY=value");
  }

  record LbConfig(String vpcId, int maxBackends, List<String> subnets) {}

  record ProviderConfig(String region, boolean dualStack, LbConfig loadBalancer) {}

  @Test
  void jsonBindsToRecords() {
    ProviderConfig c = CloudConfig.of("""
        {"region": "ap-southeast-1", "dualStack": true, "unknown": 1,
         "loadBalancer": {"vpcId": "vpc-1", "maxBackends": 50, "subnets": ["a", "b"]}}
        """).json(ProviderConfig.class);

    assertThat(c).isEqualTo(new ProviderConfig("ap-southeast-1", true, new LbConfig("vpc-1", 50, List.of("a", "b"))));
  }

  @Test
  void jsonErrorsNameTheSourceAndPath() {
    assertThatThrownBy(() -> CloudConfig.of("{\"region\": \"x\", \"loadBalancer\": {\"maxBackends\": \"many\"}}")
        .json(ProviderConfig.class))
        .isInstanceOf(CloudConfigException.class)
        .hasMessage("<inline>: invalid JSON cloud-config at $.loadBalancer.maxBackends: expected a number");
    assertThatThrownBy(() -> CloudConfig.of("{region: x}").json(ProviderConfig.class))
        .as("strict JSON: unquoted names are refused")
        .isInstanceOf(CloudConfigException.class);
    assertThatThrownBy(() -> CloudConfig.empty().json(ProviderConfig.class))
        .hasMessage("<inline>: cloud-config is empty, expected JSON");
  }

  @Test
  void yamlBindsToRecordsWithTheSameRules() {
    ProviderConfig c = CloudConfig.of("""
        region: eu-west-0
        dualStack: false
        loadBalancer:
          vpcId: vpc-9
          maxBackends: 7
          subnets: [x]
        """).yaml(ProviderConfig.class);

    assertThat(c).isEqualTo(new ProviderConfig("eu-west-0", false, new LbConfig("vpc-9", 7, List.of("x"))));
  }

  @Test
  void yamlErrorsAndUnsafeTagsAreRefused() {
    assertThatThrownBy(() -> CloudConfig.of("region: [unclosed\n").yamlTree())
        .isInstanceOf(CloudConfigException.class)
        .hasMessage("<inline>: invalid YAML cloud-config at line 2 column 1: expected ',' or ']'");
    assertThatThrownBy(() -> CloudConfig.of("a: 1\na: 2\n").yamlTree())
        .as("duplicate keys hide mistakes").isInstanceOf(CloudConfigException.class);
    assertThatThrownBy(() -> CloudConfig.of("!!java.io.File [\"/etc/passwd\"]\n").yamlTree())
        .as("only plain data types load").isInstanceOf(CloudConfigException.class);
    assertThatThrownBy(() -> CloudConfig.of("region: [1, 2]\n").yaml(ProviderConfig.class))
        .isInstanceOf(CloudConfigException.class)
        .hasMessage("<inline>: invalid YAML cloud-config at $.region: expected a string, found a list");
    assertThatThrownBy(() -> CloudConfig.of("{}\n").json(ProviderConfig.class).loadBalancer().vpcId())
        .as("absent objects stay null for the provider to validate").isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> CloudConfig.of("{} {}").json(ProviderConfig.class))
        .hasMessage("<inline>: unexpected content after the JSON document");
  }

  @Test
  void bytesAreCopiedAndToStringNeverShowsContents() {
    byte[] raw = "accessKeySecret=hunter2".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    CloudConfig c = CloudConfig.of(raw);
    raw[0] = 'X';
    c.bytes()[0] = 'Y';

    assertThat(c.text()).startsWith("accessKeySecret");
    assertThat(c.toString()).isEqualTo("CloudConfig{<inline>, 23 bytes}").doesNotContain("hunter2");
  }

  @Test
  void byteOrderMarkIsIgnored() {
    assertThat(CloudConfig.of("\uFEFF[Global]\nregion=r\n").ini().get("Global", "region")).contains("r");
  }
}
