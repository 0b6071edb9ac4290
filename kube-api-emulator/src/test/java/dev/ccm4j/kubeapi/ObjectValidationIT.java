package dev.ccm4j.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Names, labels, annotations and Service IP fields the real API server rejects are rejected with its 422 (status
 * code, reason, message and causes as it words them), and what it accepts, including the names and values used
 * across this project, is still accepted.
 */
class ObjectValidationIT {
  private static final String DNS1035 = "a DNS-1035 label must consist of lower case alphanumeric characters or '-',"
      + " start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123',"
      + " regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
  private static final String DNS1123_LABEL = "a lowercase RFC 1123 label must consist of lower case alphanumeric"
      + " characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc',"
      + " regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
  private static final String SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric"
      + " characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex"
      + " used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  private static final String LABEL_VALUE = "a valid label must be an empty string or consist of alphanumeric"
      + " characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or"
      + " 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
  private static final String INVALID_IP = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
  private static final String INVALID_CIDR = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

  private KubeApiServer server;
  private RawClient http;

  @BeforeEach
  void start() {
    server = KubeApiServer.builder().build().start();
    http = new RawClient(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String q(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  private static String service(String metadata, String spec) {
    return q("{'metadata':" + metadata + ",'spec':" + spec + "}");
  }

  private static String lb(String name) {
    return service("{'name':'" + name + "'}", "{'type':'LoadBalancer','ports':[{'port':80}]}");
  }

  /** The {@code field: message} of each cause, after checking the Status shape of a 422. */
  private static List<String> causes(RawClient.Response r, String kind, String group, String name) {
    assertThat(r.code()).as(r.body()).isEqualTo(422);
    JsonObject status = r.json();
    assertThat(status.get("kind").getAsString()).isEqualTo("Status");
    assertThat(status.get("status").getAsString()).isEqualTo("Failure");
    assertThat(status.get("reason").getAsString()).isEqualTo("Invalid");
    assertThat(status.get("code").getAsInt()).isEqualTo(422);
    JsonObject details = status.getAsJsonObject("details");
    assertThat(details.get("kind").getAsString()).isEqualTo(kind);
    if (group.isEmpty()) {
      assertThat(details.has("group")).as("omitted for the core group").isFalse();
    } else {
      assertThat(details.get("group").getAsString()).isEqualTo(group);
    }
    if (name.isEmpty()) {
      assertThat(details.has("name")).isFalse();
    } else {
      assertThat(details.get("name").getAsString()).isEqualTo(name);
    }
    List<String> out = new ArrayList<>();
    JsonArray list = details.getAsJsonArray("causes");
    list.forEach(c -> out.add(c.getAsJsonObject().get("field").getAsString() + ": "
        + c.getAsJsonObject().get("message").getAsString()));
    return out;
  }

  @Test
  void serviceNamesAreDns1035Labels() {
    RawClient.Response upper = http.post("/api/v1/namespaces/default/services", lb("Web_1"));

    assertThat(causes(upper, "Service", "", "Web_1"))
        .containsExactly("metadata.name: Invalid value: \"Web_1\": " + DNS1035);
    assertThat(upper.json().get("message").getAsString())
        .isEqualTo("Service \"Web_1\" is invalid: metadata.name: Invalid value: \"Web_1\": " + DNS1035);
    JsonObject cause = upper.json().getAsJsonObject("details").getAsJsonArray("causes").get(0).getAsJsonObject();
    assertThat(cause.get("reason").getAsString()).isEqualTo("FieldValueInvalid");

    assertThat(causes(http.post("/api/v1/namespaces/default/services", lb("1web")), "Service", "", "1web"))
        .as("a digit may start a subdomain but not a DNS-1035 label")
        .containsExactly("metadata.name: Invalid value: \"1web\": " + DNS1035);
    assertThat(http.post("/api/v1/nodes", q("{'metadata':{'name':'1web'}}")).code()).isEqualTo(201);
    assertThat(causes(http.post("/api/v1/namespaces/default/services", lb("web.example")), "Service", "",
        "web.example")).containsExactly("metadata.name: Invalid value: \"web.example\": " + DNS1035);
    String tooLong = "a".repeat(64);
    assertThat(causes(http.post("/api/v1/namespaces/default/services", lb(tooLong)), "Service", "", tooLong))
        .containsExactly("metadata.name: Invalid value: \"" + tooLong + "\": must be no more than 63 characters");
  }

  @Test
  void namespaceNamesAreLabelsAndMostOtherNamesSubdomains() {
    assertThat(causes(http.post("/api/v1/namespaces", q("{'metadata':{'name':'team.a'}}")), "Namespace", "",
        "team.a")).containsExactly("metadata.name: Invalid value: \"team.a\": " + DNS1123_LABEL);
    assertThat(causes(http.post("/api/v1/nodes", q("{'metadata':{'name':'Node_A'}}")), "Node", "", "Node_A"))
        .containsExactly("metadata.name: Invalid value: \"Node_A\": " + SUBDOMAIN);
    String longName = "n".repeat(254);
    assertThat(causes(http.post("/api/v1/nodes", q("{'metadata':{'name':'" + longName + "'}}")), "Node", "",
        longName)).containsExactly("metadata.name: Invalid value: \"" + longName + "\": must be no more than 253"
        + " characters");
    assertThat(causes(http.post("/api/v1/namespaces/default/configmaps", q("{'metadata':{'name':'my config'}}")),
        "ConfigMap", "", "my config")).hasSize(1);
    assertThat(causes(http.post("/api/v1/namespaces/default/secrets", q("{'metadata':{'name':'-s'}}")),
        "Secret", "", "-s")).hasSize(1);
    assertThat(causes(http.post("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices",
        q("{'metadata':{'name':'Web-abc'},'addressType':'IPv4'}")), "EndpointSlice", "discovery.k8s.io", "Web-abc"))
        .hasSize(1);

    RawClient.Response lease = http.post("/apis/coordination.k8s.io/v1/namespaces/kube-system/leases",
        q("{'metadata':{'name':'Cloud_Controller'}}"));
    assertThat(causes(lease, "Lease", "coordination.k8s.io", "Cloud_Controller"))
        .containsExactly("metadata.name: Invalid value: \"Cloud_Controller\": " + SUBDOMAIN);
    assertThat(lease.json().get("message").getAsString())
        .startsWith("Lease.coordination.k8s.io \"Cloud_Controller\" is invalid: metadata.name: Invalid value:");

    RawClient.Response unnamed = http.post("/api/v1/nodes", "{\"metadata\":{}}");
    assertThat(causes(unnamed, "Node", "", "")).containsExactly(
        "metadata.name: Required value: name or generateName is required");
    assertThat(unnamed.json().get("message").getAsString())
        .as("the real server quotes the empty name too")
        .isEqualTo("Node \"\" is invalid: metadata.name: Required value: name or generateName is required");
  }

  @Test
  void legacyEventNamesOnlyNeedToFitInAPathButEventsV1NamesAreSubdomains() {
    String event = q("{'metadata':{'name':'Web_1.17a3b4c5d6e7f8a9'},'involvedObject':{'kind':'Service',"
        + "'namespace':'default','name':'Web_1'},'reason':'R','message':'m','type':'Normal'}");
    assertThat(http.post("/api/v1/namespaces/default/events", event).code()).isEqualTo(201);
    assertThat(causes(http.post("/apis/events.k8s.io/v1/namespaces/default/events",
        q("{'metadata':{'name':'Web_1.17a3'},'reason':'R','note':'n','type':'Normal'}")), "Event", "events.k8s.io",
        "Web_1.17a3")).containsExactly("metadata.name: Invalid value: \"Web_1.17a3\": " + SUBDOMAIN);
    assertThat(causes(http.post("/api/v1/namespaces/default/events", q("{'metadata':{'name':'..'}}")), "Event", "",
        "..")).containsExactly("metadata.name: Invalid value: \"..\": may not be '..'");
  }

  @Test
  void generateNameIsCutToFitAndCheckedLikeTheName() {
    RawClient.Response generated = http.post("/api/v1/namespaces/default/services",
        service("{'generateName':'web-'}", "{'ports':[{'port':80}]}"));
    assertThat(generated.code()).isEqualTo(201);
    assertThat(generated.json().getAsJsonObject("metadata").get("name").getAsString()).matches("web-[a-z0-9]{5}");

    String longPrefix = "w".repeat(70);
    RawClient.Response cut = http.post("/api/v1/nodes", q("{'metadata':{'generateName':'" + longPrefix + "'}}"));
    assertThat(cut.code()).as(cut.body()).isEqualTo(201);
    assertThat(cut.json().getAsJsonObject("metadata").get("name").getAsString())
        .hasSize(63).startsWith("w".repeat(58));
    RawClient.Response tooLongForAService = http.post("/api/v1/namespaces/default/services",
        service("{'generateName':'" + longPrefix + "'}", "{'ports':[{'port':80}]}"));
    assertThat(causes(tooLongForAService, "Service", "", tooLongForAService.json().getAsJsonObject("details")
        .get("name").getAsString())).as("a generateName is itself checked as a name of its kind").containsExactly(
        "metadata.generateName: Invalid value: \"" + longPrefix + "\": must be no more than 63 characters");

    RawClient.Response bad = http.post("/api/v1/nodes", q("{'metadata':{'generateName':'Node_'}}"));
    List<String> causes = causes(bad, "Node", "", bad.json().getAsJsonObject("details").get("name").getAsString());
    assertThat(causes).hasSize(2);
    assertThat(causes.get(0)).isEqualTo("metadata.generateName: Invalid value: \"Node_\": " + SUBDOMAIN);
    assertThat(causes.get(1)).startsWith("metadata.name: Invalid value: \"Node_");
  }

  @Test
  void labelsAndAnnotationsFollowTheApimachineryRules() {
    RawClient.Response labels = http.post("/api/v1/namespaces/default/configmaps", q("{'metadata':{'name':'cm',"
        + "'labels':{'app':'has space','a/b/c':'x','-bad':'ok','example.com/':'v'}}}"));
    List<String> causes = causes(labels, "ConfigMap", "", "cm");
    assertThat(causes).containsExactly(
        "metadata.labels: Invalid value: \"has space\": " + LABEL_VALUE,
        "metadata.labels: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-',"
            + " '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or"
            + " '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional"
            + " DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
        "metadata.labels: Invalid value: \"-bad\": name part must consist of alphanumeric characters, '-', '_' or"
            + " '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or"
            + " '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
        "metadata.labels: Invalid value: \"example.com/\": name part must be non-empty",
        "metadata.labels: Invalid value: \"example.com/\": name part must consist of alphanumeric characters, '-',"
            + " '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name', "
            + " or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
    assertThat(labels.json().get("message").getAsString()).startsWith("ConfigMap \"cm\" is invalid: [metadata.labels:");
    String longValue = "v".repeat(64);
    assertThat(causes(http.post("/api/v1/nodes", q("{'metadata':{'name':'n','labels':{'k':'" + longValue + "'}}}")),
        "Node", "", "n")).containsExactly("metadata.labels: Invalid value: \"" + longValue + "\": must be no more"
        + " than 63 characters");

    assertThat(http.post("/api/v1/nodes", q("{'metadata':{'name':'n1','annotations':{'Example.COM/Some_Key':"
        + "'any value at all: spaces, {json}, /slashes/'}}}")).code())
        .as("annotation keys are checked case-insensitively and values are free").isEqualTo(201);
    String big = "x".repeat(256 * 1024);
    RawClient.Response tooBig = http.post("/api/v1/nodes", q("{'metadata':{'name':'n2','annotations':{'a':'" + big
        + "'}}}"));
    assertThat(causes(tooBig, "Node", "", "n2"))
        .containsExactly("metadata.annotations: Too long: may not be more than 262144 bytes");
    assertThat(tooBig.json().getAsJsonObject("details").getAsJsonArray("causes").get(0).getAsJsonObject()
        .get("reason").getAsString()).isEqualTo("FieldValueTooLong");
    assertThat(http.post("/api/v1/nodes", q("{'metadata':{'name':'n3','annotations':{'a':'" + big.substring(1)
        + "'}}}")).code()).as("exactly at the limit").isEqualTo(201);
    assertThat(http.post("/api/v1/nodes", q("{'metadata':{'name':'n4','labels':{'a':1}}}")).code()).isEqualTo(400);
  }

  @Test
  void labelUpdatesAreCheckedButStatusWritesAndNodeAddressesAreNot() {
    assertThat(http.post("/api/v1/nodes", q("{'metadata':{'name':'n1'}}")).code()).isEqualTo(201);

    RawClient.Response patched = http.send("PATCH", "/api/v1/nodes/n1", "application/merge-patch+json",
        q("{'metadata':{'labels':{'zone':'not valid!'}}}"));
    assertThat(causes(patched, "Node", "", "n1")).singleElement().asString().startsWith("metadata.labels:");
    assertThat(http.send("PATCH", "/api/v1/namespaces/default/services/x", "application/merge-patch+json", "{}")
        .code()).isEqualTo(404);

    RawClient.Response addresses = http.send("PATCH", "/api/v1/nodes/n1/status", "application/merge-patch+json",
        q("{'status':{'addresses':[{'type':'InternalIP','address':'not an ip'},{'type':'Hostname','address':"
            + "'Weird_Host Name'},{'type':'ExternalIP','address':'999.1.1.1'}]}}"));
    assertThat(addresses.code()).as("the real server does not check node address values").isEqualTo(200);
    assertThat(http.post("/api/v1/nodes", q("{'metadata':{'name':'n2'},'status':{'addresses':[{'type':'InternalIP',"
        + "'address':'garbage'}]}}")).code()).isEqualTo(201);
  }

  @Test
  void serviceIpFieldsMustBeWellFormedInOneInvalidWithTheMetadata() {
    RawClient.Response r = http.post("/api/v1/namespaces/default/services", service("{'name':'Bad_Name'}",
        "{'type':'LoadBalancer','ports':[{'port':80}],'clusterIP':'300.1.1.1','loadBalancerIP':'not-an-ip',"
            + "'externalIPs':['1.2.3'],'loadBalancerSourceRanges':['10.0.0.0/33',' 192.168.0.0/16 ']}"));

    List<String> causes = causes(r, "Service", "", "Bad_Name");
    assertThat(causes.get(0)).as("metadata first, as ValidateService does").isEqualTo(
        "metadata.name: Invalid value: \"Bad_Name\": " + DNS1035);
    assertThat(causes.subList(1, causes.size())).containsExactlyInAnyOrder(
        "spec.loadBalancerIP: Invalid value: \"not-an-ip\": " + INVALID_IP,
        "spec.LoadBalancerSourceRanges[0]: Invalid value: \"10.0.0.0/33\": " + INVALID_CIDR,
        "spec.externalIPs[0]: Invalid value: \"1.2.3\": " + INVALID_IP,
        "spec.clusterIPs[0]: Invalid value: \"300.1.1.1\": " + INVALID_IP);

    RawClient.Response annotation = http.post("/api/v1/namespaces/default/services", service("{'name':'web',"
        + "'annotations':{'service.beta.kubernetes.io/load-balancer-source-ranges':'10.0.0.0/8, nope'}}",
        "{'type':'LoadBalancer','ports':[{'port':80}]}"));
    assertThat(causes(annotation, "Service", "", "web")).containsExactly("metadata.annotations[service.beta"
        + ".kubernetes.io/load-balancer-source-ranges]: Invalid value: \"nope\": " + INVALID_CIDR);

    assertThat(http.post("/api/v1/namespaces/default/services", service("{'name':'ok'}", "{'type':'LoadBalancer',"
        + "'ports':[{'port':80}],'loadBalancerIP':'2001:db8::1','externalIPs':['192.0.2.10'],"
        + "'loadBalancerSourceRanges':['10.0.0.0/8','2001:db8::/64']}")).code()).isEqualTo(201);
  }

  @Test
  void namesLabelsAndAnnotationsUsedAcrossTheProjectAreAccepted() {
    for (String node : List.of("node-1", "ip-10-0-0-1.ec2.internal", "cn-hangzhou.192.168.0.10", "worker0",
        "i-bp1abcdefghijklmnopq", "ecs-7f8a.novalocal")) {
      assertThat(http.post("/api/v1/nodes", q("{'metadata':{'name':'" + node + "','labels':{"
          + "'kubernetes.io/hostname':'" + node.replace('.', '-') + "',"
          + "'node.kubernetes.io/instance-type':'ecs.g6.large','topology.kubernetes.io/zone':'cn-hangzhou-h',"
          + "'node.kubernetes.io/exclude-from-external-load-balancers':'','node-role.kubernetes.io/control-plane':''"
          + "}}}")).code()).as(node).isEqualTo(201);
    }
    for (String svc : List.of("web", "kube-dns", "lb-1", "a", "s" + "x".repeat(62))) {
      assertThat(http.post("/api/v1/namespaces/default/services", service("{'name':'" + svc + "','annotations':{"
          + "'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-spec':'slb.s1.small',"
          + "'kubernetes.io/elb.class':'union','loadbalancer.openstack.org/keep-floatingip':'true'}}",
          "{'type':'LoadBalancer','ports':[{'port':80}]}")).code()).as(svc).isEqualTo(201);
    }
    assertThat(http.post("/apis/coordination.k8s.io/v1/namespaces/kube-system/leases",
        q("{'metadata':{'name':'cloud-controller-manager'}}")).code()).isEqualTo(201);
    assertThat(http.post("/api/v1/namespaces", q("{'metadata':{'name':'team-a'}}")).code()).isEqualTo(201);
    assertThat(http.post("/api/v1/namespaces/default/events", q("{'metadata':{'name':'web.17a3b4c5d6e7f8a9'},"
        + "'involvedObject':{'kind':'Service','namespace':'default','name':'web'},'reason':'EnsuringLoadBalancer',"
        + "'type':'Normal'}")).code()).isEqualTo(201);
  }
}
