package dev.ccm4j.kubeapi.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ccm4j.kubeapi.ApiError;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Server-side apply and managedFields against what kube-apiserver (structured-merge-diff v4/v6) returns for the same
 * requests. Each golden names the upstream behaviour it encodes.
 */
class ServerSideApplyTest {
  private static final String T1 = "2026-12-07T10:00:00Z";
  private static final String T2 = "2026-12-07T10:00:05Z";
  private static final String T3 = "2026-12-07T10:00:09Z";

  private final ServerSideApply ssa = new ServerSideApply();

  private static JsonObject json(String s) {
    return JsonParser.parseString(s.replace('\'', '"')).getAsJsonObject();
  }

  private static JsonArray managed(JsonObject o) {
    return o.getAsJsonObject("metadata").getAsJsonArray("managedFields");
  }

  private static JsonObject entry(JsonObject o, String manager) {
    for (JsonElement e : managed(o)) {
      if (e.getAsJsonObject().get("manager").getAsString().equals(manager)) {
        return e.getAsJsonObject();
      }
    }
    throw new AssertionError("no managedFields entry for " + manager + " in " + managed(o));
  }

  private static JsonObject service(String type) {
    return json("{'apiVersion':'v1','kind':'Service','metadata':{'name':'web','namespace':'default',"
        + "'labels':{'app':'web'}},'spec':{'type':'" + type + "','selector':{'app':'web'},"
        + "'ports':[{'port':80,'targetPort':8080}]}}");
  }

  @Test
  void createRecordsTheCreatorsUpdateEntryWithTheFieldsV1Encoding() {
    // upstream: `kubectl create -f svc.yaml` gives one Update entry of manager kubectl-create; labels and ports were
    // absent before, so they get a "." member; the selector is an atomic map (a leaf); the list item is keyed by its
    // list-map keys, protocol defaulted to TCP; name/namespace are stripped.
    JsonObject svc = service("LoadBalancer");
    svc.getAsJsonObject("spec").getAsJsonArray("ports").get(0).getAsJsonObject().addProperty("protocol", "TCP");
    ServerSideApply.recordUpdate(null, svc, "kubectl-create", "Update", "", T1);
    assertThat(managed(svc)).hasSize(1);
    assertThat(managed(svc).get(0)).isEqualTo(json("{'manager':'kubectl-create','operation':'Update',"
        + "'apiVersion':'v1','time':'" + T1 + "','fieldsType':'FieldsV1','fieldsV1':{"
        + "'f:metadata':{'f:labels':{'.':{},'f:app':{}}},"
        + "'f:spec':{'f:ports':{'.':{},'k:{\\'port\\':80,\\'protocol\\':\\'TCP\\'}':{'.':{},'f:port':{},"
        + "'f:protocol':{},'f:targetPort':{}}},'f:selector':{},'f:type':{}}}}"));
    // keys are in the real server's order, "." first
    assertThat(managed(svc).get(0).getAsJsonObject().getAsJsonObject("fieldsV1").getAsJsonObject("f:spec").keySet())
        .containsExactly("f:ports", "f:selector", "f:type");
  }

  @Test
  void applyCreatesWithOneApplyEntryOwningExactlyWhatWasApplied() {
    // upstream: apply to an absent object creates it; the Apply entry is the applied configuration's field set
    // (ToFieldSet: map entries and list items, no "." for the labels map itself), without apiVersion in the identity.
    JsonObject out = ssa.apply(null, service("LoadBalancer"), "kubectl", false, T1);
    assertThat(out.getAsJsonObject("spec").get("type").getAsString()).isEqualTo("LoadBalancer");
    assertThat(managed(out)).hasSize(1);
    assertThat(managed(out).get(0)).isEqualTo(json("{'manager':'kubectl','operation':'Apply','apiVersion':'v1',"
        + "'time':'" + T1 + "','fieldsType':'FieldsV1','fieldsV1':{"
        + "'f:metadata':{'f:labels':{'f:app':{}}},"
        + "'f:spec':{'f:ports':{'k:{\\'port\\':80,\\'protocol\\':\\'TCP\\'}':{'.':{},'f:port':{},"
        + "'f:targetPort':{}}},'f:selector':{},'f:type':{}}}}"));
  }

  @Test
  void reapplyingTheSameConfigurationChangesNothingNotEvenTheTime() {
    // upstream: a no-op apply returns the live object; managedFieldsUpdater keeps the entry's time
    JsonObject first = ssa.apply(null, service("LoadBalancer"), "kubectl", false, T1);
    JsonObject second = ssa.apply(first, service("LoadBalancer"), "kubectl", false, T2);
    assertThat(second).isEqualTo(first);
  }

  @Test
  void applyConflictsWithAFieldAnotherManagerSetAndForceTakesIt() {
    // upstream: NewConflictError: 409 Conflict, one FieldManagerConflict cause per field, Update managers printed
    // with "using <apiVersion>", and the single-conflict message form
    JsonObject created = service("ClusterIP");
    ServerSideApply.recordUpdate(null, created, "kubectl-client-side-apply", "Update", "", T1);
    assertThatThrownBy(() -> ssa.apply(created, service("LoadBalancer"), "kubectl", false, T2))
        .isInstanceOfSatisfying(ApplyConflictException.class, e -> {
          assertThat(e.getMessage()).isEqualTo(
              "Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using v1: .spec.type");
          JsonObject status = e.toStatus();
          assertThat(status.get("code").getAsInt()).isEqualTo(409);
          assertThat(status.get("reason").getAsString()).isEqualTo("Conflict");
          assertThat(status.getAsJsonObject("details").getAsJsonArray("causes")).containsExactly(json(
              "{'reason':'FieldManagerConflict','message':'conflict with \\'kubectl-client-side-apply\\' using v1',"
                  + "'field':'.spec.type'}"));
        });

    JsonObject forced = ssa.apply(created, service("LoadBalancer"), "kubectl", true, T2);
    assertThat(forced.getAsJsonObject("spec").get("type").getAsString()).isEqualTo("LoadBalancer");
    // the old owner loses exactly the field taken; both entries share the rest (same values, no conflict)
    assertThat(entry(forced, "kubectl-client-side-apply").getAsJsonObject("fieldsV1").getAsJsonObject("f:spec")
        .has("f:type")).isFalse();
    assertThat(entry(forced, "kubectl").getAsJsonObject("fieldsV1").getAsJsonObject("f:spec").has("f:type"))
        .isTrue();
    // Apply entries sort before Update entries
    assertThat(managed(forced).get(0).getAsJsonObject().get("operation").getAsString()).isEqualTo("Apply");
  }

  @Test
  void severalConflictsAreListedPerManagerInTheMessage() {
    // upstream getConflictMessage: "Apply failed with N conflicts: conflicts with "m" using v1:\n- path..."
    JsonObject created = service("ClusterIP");
    ServerSideApply.recordUpdate(null, created, "editor", "Update", "", T1);
    JsonObject applied = service("LoadBalancer");
    applied.getAsJsonObject("spec").getAsJsonArray("ports").get(0).getAsJsonObject().addProperty("targetPort", 9090);
    assertThatThrownBy(() -> ssa.apply(created, applied, "kubectl", false, T2))
        .isInstanceOfSatisfying(ApplyConflictException.class, e -> {
          assertThat(e.getMessage()).isEqualTo("Apply failed with 2 conflicts: conflicts with \"editor\" using v1:\n"
              + "- .spec.type\n- .spec.ports[port=80,protocol=\"TCP\"].targetPort");
          assertThat(e.causes()).extracting(c -> c.field())
              .containsExactly(".spec.type", ".spec.ports[port=80,protocol=\"TCP\"].targetPort");
        });
  }

  @Test
  void aFieldTheApplierStopsApplyingIsRemovedUnlessAnotherManagerOwnsIt() {
    // upstream prune: removed iff the applier applied it last time, not this time, and no other manager owns it
    JsonObject v1 = service("LoadBalancer");
    v1.getAsJsonObject("metadata").getAsJsonObject("labels").addProperty("tier", "front");
    v1.getAsJsonObject("metadata").add("annotations", json("{'note':'x'}"));
    JsonObject live = ssa.apply(null, v1, "kubectl", false, T1);
    // another applier co-owns the annotation
    JsonObject other = json("{'apiVersion':'v1','kind':'Service','metadata':{'name':'web','namespace':'default',"
        + "'annotations':{'note':'x'}}}");
    live = ssa.apply(live, other, "helm", false, T2);

    JsonObject v2 = service("LoadBalancer");
    JsonObject after = ssa.apply(live, v2, "kubectl", false, T3);
    assertThat(after.getAsJsonObject("metadata").getAsJsonObject("labels").keySet()).containsExactly("app");
    assertThat(after.getAsJsonObject("metadata").getAsJsonObject("annotations").get("note").getAsString())
        .isEqualTo("x");
    assertThat(entry(after, "kubectl").get("time").getAsString()).isEqualTo(T3);
  }

  @Test
  void anUpdateTakesChangedFieldsFromTheApplierAndDropsEmptiedEntries() {
    JsonObject live = ssa.apply(null, json("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c',"
        + "'namespace':'default'},'data':{'a':'1'}}"), "kubectl", false, T1);
    JsonObject edited = live.deepCopy();
    edited.getAsJsonObject("data").addProperty("a", "2");
    ServerSideApply.recordUpdate(live, edited, "kubectl-edit", "Update", "", T2);
    // upstream: the applier's only field moved to the editor, so its entry is gone
    assertThat(managed(edited)).hasSize(1);
    assertThat(entry(edited, "kubectl-edit").getAsJsonObject("fieldsV1"))
        .isEqualTo(json("{'f:data':{'f:a':{}}}"));
  }

  @Test
  void statusWritesRecordWithTheSubresourceAndKeepTheTimeWhenNothingChanged() {
    JsonObject node = json("{'apiVersion':'v1','kind':'Node','metadata':{'name':'n1','labels':{'a':'b'}},"
        + "'status':{'conditions':[{'type':'Ready','status':'True','lastHeartbeatTime':'" + T1 + "'}]}}");
    ServerSideApply.recordUpdate(null, node, "kubelet", "Update", "", T1);
    JsonObject beat = node.deepCopy();
    beat.getAsJsonObject("status").getAsJsonArray("conditions").get(0).getAsJsonObject()
        .addProperty("lastHeartbeatTime", T2);
    ServerSideApply.recordUpdate(node, beat, "kubelet", "Update", "status", T2);
    JsonObject status = null;
    for (JsonElement e : managed(beat)) {
      if (e.getAsJsonObject().has("subresource")) {
        status = e.getAsJsonObject();
      }
    }
    assertThat(status).isNotNull();
    assertThat(status.get("subresource").getAsString()).isEqualTo("status");
    assertThat(status.getAsJsonObject("fieldsV1")).isEqualTo(json("{'f:status':{'f:conditions':{"
        + "'k:{\\'type\\':\\'Ready\\'}':{'f:lastHeartbeatTime':{}}}}}"));
    // the creator's entry lost the heartbeat field to the status writer
    assertThat(managed(beat)).hasSize(2);

    JsonObject same = beat.deepCopy();
    ServerSideApply.recordUpdate(beat, same, "kubelet", "Update", "status", T3);
    assertThat(managed(same)).isEqualTo(managed(beat));
  }

  @Test
  void applyThroughStatusOwnsOnlyTheStatusInASubresourceEntry() {
    // upstream: the status strategy resets everything but status, and the entry carries subresource: status;
    // the main resource's apply, in turn, neither merges nor owns status
    JsonObject live = ssa.apply(null, json("{'apiVersion':'v1','kind':'Service','metadata':{'name':'web',"
        + "'namespace':'default'},'spec':{'type':'LoadBalancer','ports':[{'port':80}]},"
        + "'status':{'loadBalancer':{'ingress':[{'ip':'1.2.3.4'}]}}}"), "kubectl", false, T1);
    assertThat(live.getAsJsonObject("status")).isEqualTo(json("{'loadBalancer':{}}"));
    JsonObject out = ssa.apply(live, json("{'apiVersion':'v1','kind':'Service','metadata':{'name':'web'},"
        + "'spec':{'type':'ClusterIP'},'status':{'loadBalancer':{'ingress':[{'ip':'1.2.3.4'}]}}}"), "ccm", false,
        T2, "status");
    assertThat(out.getAsJsonObject("spec").get("type").getAsString()).isEqualTo("LoadBalancer");
    assertThat(out.getAsJsonObject("status").getAsJsonObject("loadBalancer").getAsJsonArray("ingress")).hasSize(1);
    JsonObject ccm = entry(out, "ccm");
    assertThat(ccm.get("subresource").getAsString()).isEqualTo("status");
    assertThat(ccm.getAsJsonObject("fieldsV1")).isEqualTo(json("{'f:status':{'f:loadBalancer':{'f:ingress':{}}}}"));
  }

  @Test
  void fieldManagerIsRequiredForApplyAsThePatchOptionsValidationSays() {
    assertThatThrownBy(() -> ssa.apply(null, service("ClusterIP"), "", false, T1))
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.code()).isEqualTo(422);
          assertThat(e.getMessage()).isEqualTo(
              "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
        });
  }

  @Test
  void managedFieldsInAnApplyBodyAreRefused() {
    JsonObject body = service("ClusterIP");
    body.getAsJsonObject("metadata").add("managedFields", new JsonArray());
    assertThatThrownBy(() -> ssa.apply(null, body, "kubectl", false, T1))
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.code()).isEqualTo(400);
          assertThat(e.getMessage()).isEqualTo("metadata.managedFields must be nil");
        });
  }

  @Test
  void parsesYamlAndJsonBodiesAndWordsYamlErrorsAsTheRealServer() {
    JsonObject y = ServerSideApply.parse(("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n"
        + "  annotations:\n    at: 2024-01-01T00:00:00Z\nspec:\n  ports:\n  - port: 80\n    weight: 1.0\n")
        .getBytes(StandardCharsets.UTF_8));
    assertThat(y.getAsJsonObject("metadata").getAsJsonObject("annotations").get("at").getAsString())
        .isEqualTo("2024-01-01T00:00:00Z");
    assertThat(y.getAsJsonObject("spec").getAsJsonArray("ports").get(0).getAsJsonObject().get("weight").toString())
        .isEqualTo("1");
    assertThat(ServerSideApply.parse("{\"kind\":\"Service\"}".getBytes(StandardCharsets.UTF_8)).get("kind")
        .getAsString()).isEqualTo("Service");
    assertThatThrownBy(() -> ServerSideApply.parse("kind: Service\nmetadata: name: x\n".getBytes(
        StandardCharsets.UTF_8))).isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.code()).isEqualTo(400);
          assertThat(e.getMessage()).isEqualTo("error decoding YAML: error converting YAML to JSON: yaml: line 2: "
              + "mapping values are not allowed in this context");
        });
  }
}
