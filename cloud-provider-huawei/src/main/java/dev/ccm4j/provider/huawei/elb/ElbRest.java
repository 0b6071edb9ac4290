package dev.ccm4j.provider.huawei.elb;

import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.provider.huawei.api.HuaweiApi;
import dev.ccm4j.provider.huawei.api.HuaweiService;
import dev.ccm4j.vendor.client.CloudResourceNotFoundException;
import dev.ccm4j.vendor.client.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The ELB REST resources of one API version ({@code /v2/{project_id}/elb/...} or {@code /v3/{project_id}/elb/...})
 * on the provider's signed client: singular keys for one object, plural for lists, as ELB answers.
 */
final class ElbRest {
  /** The version of the shared (enhanced) ELB objects. */
  static final String V2 = "v2";
  /** The version of the dedicated ELB objects, and of every listener write. */
  static final String V3 = "v3";

  // Ids end up in URL paths; elb.id comes from an annotation, so nothing but an id's alphabet is let through.
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");
  private static final int MAX_PAGES = 1000;

  private final HuaweiApi api;
  private final String version;

  ElbRest(HuaweiApi api, String version) {
    this.api = Objects.requireNonNull(api, "api");
    this.version = Objects.requireNonNull(version, "version");
  }

  String version() {
    return version;
  }

  /**
   * One object, empty on 404.
   */
  Optional<JsonObject> show(String operation, String collection, String id, String key) {
    JsonObject response;
    try {
      response = api.get(operation, HuaweiService.ELB, path(collection) + "/" + requireId(id));
    } catch (CloudResourceNotFoundException e) {
      return Optional.empty();
    }
    return Optional.of(Json.object(response, key).orElseThrow(() -> malformed(operation, key)));
  }

  /**
   * Every object of a collection matching the filters, following ELB's markers ({@code page_info.next_marker} in
   * v3, a {@code <key>_links} "next" link in v2).
   */
  List<JsonObject> list(String operation, String collection, String key, Map<String, String> filters) {
    List<JsonObject> all = new ArrayList<>();
    String marker = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      Map<String, List<String>> query = new LinkedHashMap<>();
      filters.forEach((k, v) -> query.put(k, List.of(v)));
      if (marker != null) {
        query.put("marker", List.of(marker));
      }
      JsonObject response = api.get(operation, HuaweiService.ELB, path(collection), query);
      List<JsonObject> items = Json.objects(response, key);
      all.addAll(items);
      String next = nextMarker(response, key, items);
      if (next == null || next.equals(marker) || items.isEmpty()) {
        return all;
      }
      marker = next;
    }
    throw new CloudProviderException("ELB " + operation + " answered more than " + MAX_PAGES + " pages");
  }

  private static String nextMarker(JsonObject response, String key, List<JsonObject> items) {
    Optional<String> v3 = Json.string(response, "page_info", "next_marker").filter(s -> !s.isEmpty());
    if (v3.isPresent()) {
      return v3.get();
    }
    for (JsonObject link : Json.objects(response, key + "_links")) {
      if ("next".equals(Json.string(link, "rel").orElse("")) && !items.isEmpty()) {
        return Json.string(items.get(items.size() - 1), "id").orElse(null);
      }
    }
    return null;
  }

  /**
   * Creates an object and answers it.
   */
  JsonObject create(String operation, String collection, String key, JsonObject inner) {
    JsonObject body = new JsonObject();
    body.add(key, inner);
    JsonObject response = api.post(operation, HuaweiService.ELB, path(collection), body);
    return Json.object(response, key).orElseThrow(() -> malformed(operation, key));
  }

  /**
   * Updates an object; answers what ELB shows afterwards (or the request when ELB answered nothing).
   */
  JsonObject update(String operation, String collection, String id, String key, JsonObject inner) {
    JsonObject body = new JsonObject();
    body.add(key, inner);
    JsonObject response = api.put(operation, HuaweiService.ELB, path(collection) + "/" + requireId(id), body);
    return Json.object(response, key).orElse(inner);
  }

  /**
   * Deletes an object.
   *
   * @return false when it was already gone
   */
  boolean delete(String operation, String collection, String id) {
    try {
      api.delete(operation, HuaweiService.ELB, path(collection) + "/" + requireId(id));
      return true;
    } catch (CloudResourceNotFoundException e) {
      return false;
    }
  }

  static String membersOf(String poolId) {
    return "pools/" + requireId(poolId) + "/members";
  }

  static String requireId(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new CloudProviderException("not an ELB object id: \"" + (id == null ? "" : abbreviate(id)) + "\"");
    }
    return id;
  }

  static boolean isId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }

  private String path(String collection) {
    return "/" + version + "/{project_id}/elb/" + collection;
  }

  private CloudProviderException malformed(String operation, String key) {
    return new CloudProviderException("ELB " + version + " " + operation + " answered without a " + key + " object");
  }
}
