package dev.ccm4j.kubeapi.patch;

import static dev.ccm4j.kubeapi.patch.PatchAssertions.failure;
import static dev.ccm4j.kubeapi.patch.PatchAssertions.obj;
import static dev.ccm4j.kubeapi.patch.PatchAssertions.patch;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrategicMergePatchTest {
  private static JsonObject smp(String kind, JsonObject current, String body) {
    return patch(PatchType.STRATEGIC, kind, current, body);
  }

  private static List<String> field(JsonArray array, String name) {
    List<String> out = new ArrayList<>();
    for (JsonElement e : array) {
      out.add(e.getAsJsonObject().get(name).getAsString());
    }
    return out;
  }

  private static JsonArray at(JsonObject o, String dotted) {
    String[] parts = dotted.split("\\.");
    JsonObject cur = o;
    for (int i = 0; i < parts.length - 1; i++) {
      cur = cur.getAsJsonObject(parts[i]);
    }
    return cur.getAsJsonArray(parts[parts.length - 1]);
  }

  // ---- Node

  private static final JsonObject NODE = obj("{'kind':'Node','metadata':{'name':'n1','labels':{'a':'1','b':'2'},"
      + "'finalizers':['f1','f2']},"
      + "'spec':{'providerID':'fake://1','taints':[{'key':'node.cloudprovider.kubernetes.io/uninitialized',"
      + "'value':'true','effect':'NoSchedule'},{'key':'dedicated','value':'x','effect':'NoExecute'}]},"
      + "'status':{'conditions':[{'type':'Ready','status':'False','reason':'KubeletNotReady'},"
      + "{'type':'MemoryPressure','status':'False'}],"
      + "'addresses':[{'type':'InternalIP','address':'10.0.0.1'},{'type':'Hostname','address':'n1'}],"
      + "'futureField':{'x':[1,2]}}}");

  @Test
  void nodeConditionsMergeByTypeKeepingTheOthers() {
    JsonObject r = smp("Node", NODE, "{'status':{'conditions':[{'type':'Ready','status':'True','reason':null},"
        + "{'type':'NetworkUnavailable','status':'False'}]}}");
    JsonArray conditions = at(r, "status.conditions");
    assertThat(field(conditions, "type")).containsExactly("Ready", "NetworkUnavailable", "MemoryPressure");
    assertThat(conditions.get(0)).isEqualTo(obj("{'type':'Ready','status':'True'}"));
    assertThat(r.getAsJsonObject("status").getAsJsonObject("futureField")).isEqualTo(obj("{'x':[1,2]}"));
  }

  @Test
  void nodeAddressesMergeByTypeSoSameTypedEntriesCollapseLikeUpstream() {
    JsonObject r = smp("Node", NODE, "{'status':{'addresses':[{'type':'InternalIP','address':'10.0.0.7'},"
        + "{'type':'InternalIP','address':'10.0.0.8'},{'type':'ExternalIP','address':'1.2.3.4'}]}}");
    // Both InternalIPs of the patch merge into the one existing InternalIP entry: the last wins.
    assertThat(at(r, "status.addresses").toString()).isEqualTo(obj("{'l':[{'type':'InternalIP','address':'10.0.0.8'},"
        + "{'type':'ExternalIP','address':'1.2.3.4'},{'type':'Hostname','address':'n1'}]}").get("l").toString());
  }

  @Test
  void patchReplaceElementReplacesTheAddressList() {
    JsonObject r = smp("Node", NODE, "{'status':{'addresses':[{'$patch':'replace'},"
        + "{'type':'InternalIP','address':'10.0.0.7'},{'type':'InternalIP','address':'10.0.0.8'}]}}");
    assertThat(field(at(r, "status.addresses"), "address")).containsExactly("10.0.0.7", "10.0.0.8");
  }

  @Test
  void taintsAreAtomicSoTheCloudNodeControllerStyleFullListRemovesATaint() {
    // What upstream's PatchNodeTaints sends to drop the uninitialized taint: the remaining list.
    JsonObject r = smp("Node", NODE, "{'spec':{'taints':[{'key':'dedicated','value':'x','effect':'NoExecute'}]}}");
    assertThat(field(at(r, "spec.taints"), "key")).containsExactly("dedicated");
    assertThat(r.getAsJsonObject("spec").get("providerID").getAsString()).isEqualTo("fake://1");
  }

  @Test
  void taintsAddedKubectlTaintStyleCarryTheWholeList() {
    JsonObject r = smp("Node", NODE, "{'spec':{'taints':[{'key':'node.cloudprovider.kubernetes.io/uninitialized',"
        + "'value':'true','effect':'NoSchedule'},{'key':'dedicated','value':'x','effect':'NoExecute'},"
        + "{'key':'new','effect':'NoSchedule'}]}}");
    assertThat(field(at(r, "spec.taints"), "key"))
        .containsExactly("node.cloudprovider.kubernetes.io/uninitialized", "dedicated", "new");
    JsonObject cleared = smp("Node", NODE, "{'spec':{'taints':null}}");
    assertThat(cleared.getAsJsonObject("spec").has("taints")).isFalse();
  }

  @Test
  void deleteDirectiveRemovesAConditionByKey() {
    JsonObject r = smp("Node", NODE, "{'status':{'conditions':[{'type':'MemoryPressure','$patch':'delete'}]}}");
    assertThat(field(at(r, "status.conditions"), "type")).containsExactly("Ready");
  }

  @Test
  void setElementOrderReordersAsUpstream() {
    JsonObject node = obj("{'status':{'conditions':[{'type':'A'},{'type':'B'},{'type':'C'}]}}");
    JsonObject r = smp("Node", node, "{'status':{'$setElementOrder/conditions':[{'type':'C'},{'type':'A'},"
        + "{'type':'B'}],'conditions':[{'type':'A','status':'True'}]}}");
    assertThat(field(at(r, "status.conditions"), "type")).containsExactly("C", "A", "B");
    assertThat(at(r, "status.conditions").get(1)).isEqualTo(obj("{'type':'A','status':'True'}"));

    JsonObject added = smp("Node", node, "{'status':{'$setElementOrder/conditions':[{'type':'A'},{'type':'B'},"
        + "{'type':'C'},{'type':'D'}],'conditions':[{'type':'D'}]}}");
    assertThat(field(at(added, "status.conditions"), "type")).containsExactly("A", "B", "C", "D");

    // Entries the order list omits keep their live positions relative to the listed ones.
    JsonObject partial = smp("Node", node, "{'status':{'$setElementOrder/conditions':[{'type':'C'},{'type':'A'}]}}");
    assertThat(field(at(partial, "status.conditions"), "type")).containsExactly("B", "C", "A");
  }

  @Test
  void newEntriesWithoutOrderDirectiveGoFirstAsUpstream() {
    JsonObject pod = obj("{'spec':{'containers':[{'name':'a','image':'nginx'}]}}");
    JsonObject r = smp("Pod", pod, "{'spec':{'containers':[{'name':'b','image':'redis'}]}}");
    assertThat(field(at(r, "spec.containers"), "name")).containsExactly("b", "a");
  }

  // ---- metadata, shared by all kinds

  @Test
  void finalizersMergeAsASetAndDeleteFromPrimitiveListRemoves() {
    JsonObject added = smp("Service", NODE, "{'metadata':{'finalizers':['f2','f3']}}");
    assertThat(at(added, "metadata.finalizers").toString()).isEqualTo("[\"f1\",\"f2\",\"f3\"]");

    JsonObject removed = smp("Service", NODE, "{'metadata':{'$deleteFromPrimitiveList/finalizers':['f1','nope']}}");
    assertThat(at(removed, "metadata.finalizers").toString()).isEqualTo("[\"f2\"]");

    JsonObject fresh = smp("Service", obj("{'metadata':{'name':'s'}}"),
        "{'metadata':{'finalizers':['service.kubernetes.io/load-balancer-cleanup']}}");
    assertThat(at(fresh, "metadata.finalizers")).hasSize(1);
  }

  @Test
  void finalizerListOrderDirective() {
    JsonObject r = smp("Thing", NODE, "{'metadata':{'$setElementOrder/finalizers':['f2','f1']}}");
    assertThat(at(r, "metadata.finalizers").toString()).isEqualTo("[\"f2\",\"f1\"]");
  }

  @Test
  void labelsMergeAndNullDeletesAKey() {
    JsonObject r = smp("Node", NODE, "{'metadata':{'labels':{'a':null,'c':'3','gone':null}}}");
    assertThat(r.getAsJsonObject("metadata").getAsJsonObject("labels")).isEqualTo(obj("{'b':'2','c':'3'}"));
  }

  @Test
  void ownerReferencesMergeByUid() {
    JsonObject pod = obj("{'metadata':{'ownerReferences':[{'uid':'u1','kind':'ReplicaSet','name':'rs'}]}}");
    JsonObject r = smp("Pod", pod, "{'metadata':{'ownerReferences':[{'uid':'u1','controller':true},"
        + "{'uid':'u2','kind':'Node','name':'n'}]}}");
    JsonArray refs = at(r, "metadata.ownerReferences");
    assertThat(field(refs, "uid")).containsExactly("u1", "u2");
    assertThat(refs.get(0)).isEqualTo(obj("{'uid':'u1','kind':'ReplicaSet','name':'rs','controller':true}"));
  }

  // ---- Service

  private static final JsonObject SERVICE = obj("{'spec':{'ports':[{'name':'dns','port':53,'protocol':'TCP',"
      + "'nodePort':30053},{'name':'dns-udp','port':53,'protocol':'UDP','nodePort':30054},"
      + "{'name':'http','port':80,'targetPort':8080}]},"
      + "'status':{'loadBalancer':{'ingress':[{'ip':'1.1.1.1'},{'ip':'2.2.2.2'}]}}}");

  @Test
  void servicePortsMergeByPortAndProtocol() {
    JsonObject r = smp("Service", SERVICE, "{'spec':{'ports':[{'port':53,'protocol':'UDP','targetPort':5353},"
        + "{'port':80,'targetPort':9090}]}}");
    JsonArray ports = at(r, "spec.ports");
    assertThat(field(ports, "name")).containsExactly("dns", "dns-udp", "http");
    assertThat(ports.get(1).getAsJsonObject().get("targetPort").getAsInt()).isEqualTo(5353);
    assertThat(ports.get(0).getAsJsonObject().has("targetPort")).isFalse();
    // Absent protocol means TCP on both sides.
    assertThat(ports.get(2).getAsJsonObject().get("targetPort").getAsInt()).isEqualTo(9090);
  }

  @Test
  void servicePortDeleteDirectiveHonoursProtocolAndFallsBackToPortAlone() {
    JsonObject udpOnly = smp("Service", SERVICE,
        "{'spec':{'ports':[{'port':53,'protocol':'UDP','$patch':'delete'}]}}");
    assertThat(field(at(udpOnly, "spec.ports"), "name")).containsExactly("dns", "http");
    // kubectl-generated delete directives carry the merge key only: every entry with that port goes, as upstream.
    JsonObject both = smp("Service", SERVICE, "{'spec':{'ports':[{'port':53,'$patch':'delete'}]}}");
    assertThat(field(at(both, "spec.ports"), "name")).containsExactly("http");
  }

  @Test
  void servicePortProtocolChangeFallsBackToTheSamePort() {
    JsonObject svc = obj("{'spec':{'ports':[{'port':80,'protocol':'TCP','nodePort':30080}]}}");
    JsonObject r = smp("Service", svc, "{'spec':{'ports':[{'port':80,'protocol':'UDP'}]}}");
    assertThat(at(r, "spec.ports")).containsExactly(obj("{'port':80,'protocol':'UDP','nodePort':30080}"));
  }

  @Test
  void loadBalancerIngressIsReplacedAtomically() {
    JsonObject r = smp("Service", SERVICE, "{'status':{'loadBalancer':{'ingress':[{'ip':'3.3.3.3'}]}}}");
    assertThat(at(r, "status.loadBalancer.ingress")).containsExactly(obj("{'ip':'3.3.3.3'}"));
    JsonObject cleared = smp("Service", SERVICE, "{'status':{'loadBalancer':{'ingress':null}}}");
    assertThat(cleared.getAsJsonObject("status").getAsJsonObject("loadBalancer")).isEqualTo(new JsonObject());
  }

  // ---- map directives

  @Test
  void patchReplaceOnAMapReplacesIt() {
    JsonObject r = smp("Node", NODE, "{'metadata':{'labels':{'$patch':'replace','z':'26'}}}");
    assertThat(r.getAsJsonObject("metadata").getAsJsonObject("labels")).isEqualTo(obj("{'z':'26'}"));
  }

  @Test
  void patchDeleteOnAMapDeletesIt() {
    JsonObject r = smp("Node", NODE, "{'metadata':{'labels':{'$patch':'delete'}}}");
    assertThat(r.getAsJsonObject("metadata").has("labels")).isFalse();
    assertThat(r.getAsJsonObject("metadata").get("name").getAsString()).isEqualTo("n1");
  }

  @Test
  void patchMergeOnAMapIsTheDefault() {
    JsonObject r = smp("Node", NODE, "{'metadata':{'labels':{'$patch':'merge','c':'3'}}}");
    assertThat(r.getAsJsonObject("metadata").getAsJsonObject("labels")).isEqualTo(obj("{'a':'1','b':'2','c':'3'}"));
  }

  @Test
  void retainKeysDropsUnlistedFields() {
    JsonObject deploy = obj("{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}}");
    JsonObject r = smp("Deployment", deploy, "{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}}");
    assertThat(r.getAsJsonObject("spec").getAsJsonObject("strategy")).isEqualTo(obj("{'type':'Recreate'}"));
    assertThat(failure(PatchType.STRATEGIC, "Deployment", deploy,
        "{'spec':{'strategy':{'$retainKeys':['type'],'other':1}}}").code()).isEqualTo(400);
  }

  @Test
  void unknownKindsMergeLikeJsonMergePatchAndKeepUnknownFields() {
    JsonObject thing = obj("{'metadata':{'name':'t'},'spec':{'items':[1,2],'nested':{'a':1,'b':2}},'extra':'kept'}");
    JsonObject r = smp("Widget", thing, "{'spec':{'items':[3],'nested':{'a':null,'c':{'d':null,'e':1}}}}");
    assertThat(r).isEqualTo(obj("{'metadata':{'name':'t'},'spec':{'items':[3],'nested':{'b':2,'c':{'e':1}}},"
        + "'extra':'kept'}"));
  }

  @Test
  void newListElementsDropNullsAndDirectives() {
    JsonObject pod = obj("{'spec':{}}");
    JsonObject r = smp("Pod", pod, "{'spec':{'containers':[{'name':'a','image':null,'env':[{'name':'X','value':'1'},"
        + "{'name':'Y','$patch':'delete'}]}]}}");
    assertThat(at(r, "spec.containers")).containsExactly(obj("{'name':'a','env':[{'name':'X','value':'1'}]}"));
  }

  @Test
  void nestedContainerListsMergeByTheirKeys() {
    JsonObject pod = obj("{'spec':{'containers':[{'name':'a','env':[{'name':'X','value':'1'}],"
        + "'ports':[{'containerPort':80},{'containerPort':53,'protocol':'UDP'}]}]}}");
    JsonObject r = smp("Pod", pod, "{'spec':{'containers':[{'name':'a','env':[{'name':'X','value':'2'}],"
        + "'ports':[{'containerPort':53,'protocol':'UDP','name':'dns'}]}]}}");
    JsonObject c = at(r, "spec.containers").get(0).getAsJsonObject();
    assertThat(c.getAsJsonArray("env")).containsExactly(obj("{'name':'X','value':'2'}"));
    assertThat(c.getAsJsonArray("ports")).containsExactly(obj("{'containerPort':80}"),
        obj("{'containerPort':53,'protocol':'UDP','name':'dns'}"));
  }

  @Test
  void malformedStrategicPatchesAre400() {
    assertThat(failure(PatchType.STRATEGIC, "Node", NODE, "[]").code()).isEqualTo(400);
    assertThat(failure(PatchType.STRATEGIC, "Node", NODE, "{'status':{'conditions':[{'status':'True'}]}}")
        .getMessage()).contains("does not contain declared merge key: type");
    assertThat(failure(PatchType.STRATEGIC, "Node", NODE, "{'metadata':{'labels':{'$patch':'explode'}}}").code())
        .isEqualTo(400);
    assertThat(failure(PatchType.STRATEGIC, "Node", NODE,
        "{'status':{'conditions':[{'type':'Ready','$patch':'merge'}]}}").code()).isEqualTo(400);
    assertThat(failure(PatchType.STRATEGIC, "Node", NODE, "{'metadata':{'finalizers':[{'a':1}]}}").code())
        .isEqualTo(400);
    assertThat(failure(PatchType.STRATEGIC, "Node", NODE,
        "{'metadata':{'$deleteFromPrimitiveList/finalizers':'f1'}}").code()).isEqualTo(400);
    assertThat(failure(PatchType.STRATEGIC, "Node", NODE, "{'metadata':{'$setElementOrder/finalizers':'f1'}}")
        .code()).isEqualTo(400);
    assertThat(failure(PatchType.STRATEGIC, "Node", NODE, "{'a':1,}").code()).isEqualTo(400);
  }

  @Test
  void nullKindUsesOnlyTheSharedMetadataRules() {
    JsonObject r = smp(null, NODE, "{'metadata':{'finalizers':['f3']},'status':{'conditions':[{'type':'X'}]}}");
    assertThat(at(r, "metadata.finalizers")).hasSize(3);
    assertThat(field(at(r, "status.conditions"), "type")).containsExactly("X");
  }

  @Test
  void topLevelReplaceReplacesTheWholeObject() {
    JsonObject r = smp("Node", NODE, "{'$patch':'replace','kind':'Node','metadata':{'name':'n1'}}");
    assertThat(r).isEqualTo(obj("{'kind':'Node','metadata':{'name':'n1'}}"));
  }
}
