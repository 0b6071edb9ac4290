package dev.ccm4j.provider.alibaba.emulator;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * Alibaba's two paging styles on one listing. Token style ({@code MaxResults}/{@code NextToken}, or
 * {@code MaxResult} in VPC) answers {@code NextToken} (empty on the last page) and {@code MaxResults}; number style
 * ({@code PageNumber}/{@code PageSize}) answers {@code PageNumber}, {@code PageSize} and {@code TotalCount}.
 */
final class Paging {
  private Paging() {}

  /**
   * One page of a listing in number style.
   *
   * @param call the call
   * @param items everything that matched
   * @param defaultSize the product's default page size
   * @param maxSize the product's largest page size
   * @param into where {@code PageNumber}, {@code PageSize} and {@code TotalCount} are written
   * @return the items of the page
   */
  static <T> List<T> byNumber(RpcCall call, List<T> items, int defaultSize, int maxSize, JsonObject into) {
    int number = call.integer("PageNumber", 1, 1, Integer.MAX_VALUE);
    int size = call.integer("PageSize", defaultSize, 1, maxSize);
    long from = (long) (number - 1) * size;
    List<T> page = from >= items.size() ? List.of()
        : items.subList((int) from, (int) Math.min(items.size(), from + size));
    into.addProperty("PageNumber", number);
    into.addProperty("PageSize", size);
    into.addProperty("TotalCount", items.size());
    return page;
  }

  /**
   * One page of a listing in token style.
   *
   * @param call the call
   * @param items everything that matched, in a stable order
   * @param sizeParam the page size parameter's name ({@code MaxResults}, or {@code MaxResult} in VPC)
   * @param defaultSize the default page size
   * @param maxSize the largest page size
   * @param into where {@code NextToken} and the page size are written
   * @return the items of the page
   */
  static <T> List<T> byToken(RpcCall call, List<T> items, String sizeParam, int defaultSize, int maxSize,
      JsonObject into) {
    int size = call.integer(sizeParam, defaultSize, 1, maxSize);
    int from = call.optional("NextToken").map(t -> Js.offset(t).orElseThrow(() -> AlibabaApiError.invalid(
        "InvalidParameter.NextToken", "The specified parameter NextToken is not valid."))).orElse(0);
    List<T> page = from >= items.size() ? List.of() : items.subList(from, Math.min(items.size(), from + size));
    int next = from + page.size();
    into.addProperty("NextToken", next < items.size() ? Js.token(next) : "");
    into.addProperty(sizeParam, size);
    return page;
  }
}
