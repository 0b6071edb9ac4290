package dev.ccm4j.kubeapi.patch;

import static dev.ccm4j.kubeapi.patch.PatchAssertions.failure;
import static dev.ccm4j.kubeapi.patch.PatchAssertions.obj;
import static dev.ccm4j.kubeapi.patch.PatchAssertions.patch;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.ccm4j.kubeapi.ApiError;
import org.junit.jupiter.api.Test;

class JsonPatchTest {
  private static final JsonObject NODE = obj(
      "{'kind':'Node','metadata':{'name':'n1','labels':{'a':'1','x/y':'s','t~n':'t'}},"
      + "'spec':{'taints':[{'key':'k1','effect':'NoSchedule'},{'key':'k2','effect':'NoExecute'}]},'unknown':{'keep':true}}");

  private static JsonObject apply(String ops) {
    return patch(PatchType.JSON, "Node", NODE, ops);
  }

  private static ApiError fail(String ops) {
    return failure(PatchType.JSON, "Node", NODE, ops);
  }

  @Test
  void addsObjectMembersAndInsertsOrAppendsArrayElements() {
    JsonObject r = apply("[{'op':'add','path':'/metadata/labels/b','value':'2'},"
        + "{'op':'add','path':'/spec/taints/0','value':{'key':'k0'}},"
        + "{'op':'add','path':'/spec/taints/-','value':{'key':'k3'}}]");
    assertThat(r.getAsJsonObject("metadata").getAsJsonObject("labels").get("b").getAsString()).isEqualTo("2");
    assertThat(r.getAsJsonObject("spec").getAsJsonArray("taints").toString())
        .isEqualTo(body("[{'key':'k0'},{'key':'k1','effect':'NoSchedule'},{'key':'k2','effect':'NoExecute'},{'key':'k3'}]"));
    assertThat(r.getAsJsonObject("unknown")).isEqualTo(obj("{'keep':true}"));
  }

  @Test
  void addReplacesAnExistingMemberAndAcceptsTheArrayLengthAsIndex() {
    JsonObject r = apply("[{'op':'add','path':'/metadata/labels/a','value':'9'},"
        + "{'op':'add','path':'/spec/taints/2','value':{'key':'end'}}]");
    assertThat(r.getAsJsonObject("metadata").getAsJsonObject("labels").get("a").getAsString()).isEqualTo("9");
    assertThat(r.getAsJsonObject("spec").getAsJsonArray("taints")).hasSize(3);
  }

  @Test
  void removeDropsMembersAndElements() {
    JsonObject r = apply("[{'op':'remove','path':'/spec/taints/0'},{'op':'remove','path':'/metadata/labels/a'}]");
    assertThat(r.getAsJsonObject("spec").getAsJsonArray("taints").toString())
        .isEqualTo(body("[{'key':'k2','effect':'NoExecute'}]"));
    assertThat(r.getAsJsonObject("metadata").getAsJsonObject("labels").has("a")).isFalse();
  }

  @Test
  void pointerEscapesAreDecoded() {
    JsonObject r = apply("[{'op':'replace','path':'/metadata/labels/x~1y','value':'S'},"
        + "{'op':'remove','path':'/metadata/labels/t~0n'}]");
    JsonObject labels = r.getAsJsonObject("metadata").getAsJsonObject("labels");
    assertThat(labels.get("x/y").getAsString()).isEqualTo("S");
    assertThat(labels.has("t~n")).isFalse();
  }

  @Test
  void replaceMoveAndCopy() {
    JsonObject r = apply("[{'op':'replace','path':'/spec/taints/1/effect','value':'PreferNoSchedule'},"
        + "{'op':'copy','from':'/metadata/labels/a','path':'/metadata/labels/c'},"
        + "{'op':'move','from':'/metadata/labels/a','path':'/metadata/annotations'}]");
    assertThat(r.getAsJsonObject("spec").getAsJsonArray("taints").get(1).getAsJsonObject().get("effect").getAsString())
        .isEqualTo("PreferNoSchedule");
    JsonObject meta = r.getAsJsonObject("metadata");
    assertThat(meta.getAsJsonObject("labels").get("c").getAsString()).isEqualTo("1");
    assertThat(meta.getAsJsonObject("labels").has("a")).isFalse();
    assertThat(meta.get("annotations").getAsString()).isEqualTo("1");
  }

  @Test
  void copiedValuesAreIndependent() {
    JsonObject r = apply("[{'op':'copy','from':'/spec','path':'/spec2'},"
        + "{'op':'replace','path':'/spec2/taints/0/key','value':'changed'}]");
    assertThat(r.getAsJsonObject("spec").getAsJsonArray("taints").get(0).getAsJsonObject().get("key").getAsString())
        .isEqualTo("k1");
  }

  @Test
  void passingTestLetsTheRestApply() {
    JsonObject r = apply("[{'op':'test','path':'/metadata/labels/a','value':'1'},"
        + "{'op':'test','path':'/spec/taints/0','value':{'effect':'NoSchedule','key':'k1'}},"
        + "{'op':'replace','path':'/metadata/labels/a','value':'2'}]");
    assertThat(r.getAsJsonObject("metadata").getAsJsonObject("labels").get("a").getAsString()).isEqualTo("2");
  }

  @Test
  void failedTestIs422AndNothingApplies() {
    ApiError e = fail("[{'op':'replace','path':'/metadata/labels/a','value':'2'},"
        + "{'op':'test','path':'/metadata/labels/a','value':'1'}]");
    assertThat(e.code()).isEqualTo(422);
    assertThat(e.reason()).isEqualTo("Invalid");
    assertThat(e.getMessage()).contains("testing value /metadata/labels/a failed");
  }

  @Test
  void missingPathsAre422() {
    assertThat(fail("[{'op':'remove','path':'/metadata/labels/zzz'}]").code()).isEqualTo(422);
    assertThat(fail("[{'op':'replace','path':'/spec/nothing','value':1}]").code()).isEqualTo(422);
    assertThat(fail("[{'op':'add','path':'/no/such/parent','value':1}]").getMessage())
        .contains("doc is missing path");
    assertThat(fail("[{'op':'add','path':'/spec/taints/5','value':1}]").code()).isEqualTo(422);
    assertThat(fail("[{'op':'move','from':'/nope','path':'/x'}]").code()).isEqualTo(422);
    assertThat(fail("[{'op':'test','path':'/nope','value':1}]").code()).isEqualTo(422);
    assertThat(fail("[{'op':'move','from':'/spec','path':'/spec/inner'}]").code()).isEqualTo(422);
  }

  @Test
  void replacingTheWholeDocumentMustLeaveAnObject() {
    JsonObject r = apply("[{'op':'replace','path':'','value':{'kind':'Node'}}]");
    assertThat(r).isEqualTo(obj("{'kind':'Node'}"));
    assertThat(fail("[{'op':'replace','path':'','value':[1]}]").code()).isEqualTo(422);
    assertThat(fail("[{'op':'remove','path':''}]").code()).isEqualTo(422);
  }

  @Test
  void malformedPatchesAre400() {
    assertThat(fail("{'op':'add'}").code()).isEqualTo(400);
    assertThat(fail("[1]").code()).isEqualTo(400);
    assertThat(fail("[{'op':'frobnicate','path':'/a'}]").code()).isEqualTo(400);
    assertThat(fail("[{'op':'add','path':'/a'}]").code()).isEqualTo(400);
    assertThat(fail("[{'path':'/a','value':1}]").code()).isEqualTo(400);
    assertThat(fail("[{'op':'add','path':'a','value':1}]").code()).isEqualTo(400);
    assertThat(fail("[{'op':'move','path':'/a'}]").code()).isEqualTo(400);
    assertThat(fail("[{'op':'add','path':'/a','value':1}").code()).isEqualTo(400);
    assertThat(fail("").code()).isEqualTo(400);
    assertThat(fail("[] []").code()).isEqualTo(400);
  }

  private static String body(String s) {
    return PatchAssertions.body(s);
  }
}
