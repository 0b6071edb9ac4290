package dev.ccm4j.provider.huawei.classic;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ccm4j.provider.huawei.api.HuaweiApi;
import dev.ccm4j.provider.huawei.api.HuaweiService;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;

/**
 * The four verbs the classic ELB client needs. Classic ELB v1.0 answers bare JSON arrays for its listener and
 * member lists and takes one as the body of "add members", so reads and posts carry any JSON element.
 */
interface ClassicTransport {

  /** GET; the parsed body (an object or an array). */
  JsonElement get(String operation, String path, Map<String, ? extends Collection<String>> query);

  /** POST; the parsed body. */
  JsonElement post(String operation, String path, JsonElement body);

  /** PUT; the parsed body. */
  JsonObject put(String operation, String path, JsonObject body);

  /** DELETE; 404 is thrown as {@link dev.ccm4j.vendor.client.CloudResourceNotFoundException}. */
  void delete(String operation, String path);

  /**
   * The transport over the provider's one signed client. Classic ELB is served on the ELB endpoint: the original
   * sent it to the ECS host, which answers {@code APIGW.0101} (upstream issue #101).
   */
  static ClassicTransport of(HuaweiApi api) {
    Objects.requireNonNull(api, "api");
    return new ClassicTransport() {
      @Override
      public JsonElement get(String operation, String path, Map<String, ? extends Collection<String>> query) {
        return api.getElement(operation, HuaweiService.ELB, path, query);
      }

      @Override
      public JsonElement post(String operation, String path, JsonElement body) {
        return api.postElement(operation, HuaweiService.ELB, path, body);
      }

      @Override
      public JsonObject put(String operation, String path, JsonObject body) {
        return api.put(operation, HuaweiService.ELB, path, body);
      }

      @Override
      public void delete(String operation, String path) {
        api.delete(operation, HuaweiService.ELB, path);
      }
    };
  }
}
