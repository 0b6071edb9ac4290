package dev.ccm4j.provider.alibaba.nlb;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.RetryAfterException;
import dev.ccm4j.provider.alibaba.api.AlibabaApi;
import dev.ccm4j.provider.alibaba.api.Product;
import dev.ccm4j.provider.alibaba.api.RpcParams;
import dev.ccm4j.vendor.client.CloudApiErrors;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NLB API calls with the service's conventions applied once: paging, job ids, and the mapping of transient
 * states onto {@link RetryAfterException} so that a worker is never blocked for long.
 */
final class NlbCalls {
  private static final Logger LOG = LoggerFactory.getLogger(NlbCalls.class);
  private static final int PAGE_SIZE = 100;
  private static final int MAX_PAGES = 1000;
  static final String LOCKED = "Conflict.Lock";

  // Made on first use, so building the controller before leader election makes no call (the region may come from
  // the metadata service).
  private final Supplier<AlibabaApi> api;
  private final Duration pollInterval;
  private final Duration retryAfter;

  NlbCalls(Supplier<AlibabaApi> api, Duration pollInterval, Duration retryAfter) {
    this.api = api;
    this.pollInterval = pollInterval;
    this.retryAfter = retryAfter;
  }

  String region() {
    return api.get().region();
  }

  RpcParams params() {
    return RpcParams.create().put("RegionId", api.get().region());
  }

  /** A read call. */
  JsonObject read(String action, RpcParams params) {
    return api.get().call(Product.NLB, action, params);
  }

  /**
   * A mutating call; returns its job id (empty when the action is synchronous). A resource locked by a running
   * job asks the core to come back shortly instead of failing the sync.
   */
  Optional<String> write(String action, RpcParams params, String what) {
    try {
      JsonObject r = api.get().call(Product.NLB, action, params);
      LOG.debug("nlb {} submitted for {}", action, what);
      return Optional.ofNullable(Json.str(r, "JobId")).filter(s -> !s.isEmpty());
    } catch (RuntimeException e) {
      if (CloudApiErrors.code(e).filter(LOCKED::equals).isPresent()) {
        throw new RetryAfterException(what + " is locked by a running NLB job", retryAfter, e);
      }
      throw e;
    }
  }

  /** A mutating call whose response carries more than the job id. */
  JsonObject writeForResult(String action, RpcParams params, String what) {
    try {
      return api.get().call(Product.NLB, action, params);
    } catch (RuntimeException e) {
      if (CloudApiErrors.code(e).filter(LOCKED::equals).isPresent()) {
        throw new RetryAfterException(what + " is locked by a running NLB job", retryAfter, e);
      }
      throw e;
    }
  }

  /** Every item of a {@code List*} call, following {@code NextToken}. */
  List<JsonObject> list(String action, Supplier<RpcParams> params, String key) {
    List<JsonObject> out = new ArrayList<>();
    String token = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      RpcParams p = params.get().put("MaxResults", PAGE_SIZE).put("NextToken", token);
      JsonObject r = read(action, p);
      JsonArray items = Json.array(r, key);
      for (JsonElement e : items) {
        if (e.isJsonObject()) {
          out.add(e.getAsJsonObject());
        }
      }
      token = Json.str(r, "NextToken");
      if (token == null || token.isEmpty() || items.isEmpty()) {
        return out;
      }
    }
    throw new CloudProviderException("NLB " + action + " returned more than " + MAX_PAGES + " pages");
  }

  /**
   * Waits for jobs until {@code deadline}; a job still running then makes the core call again after a short delay
   * (the job goes on in the cloud, and the next sync picks up where this one stopped).
   */
  void await(List<String> jobIds, Instant deadline, String what) {
    List<String> pending = new ArrayList<>(jobIds);
    while (!pending.isEmpty()) {
      for (int i = pending.size() - 1; i >= 0; i--) {
        String id = pending.get(i);
        String status = Json.str(read("GetJobStatus", params().put("JobId", id)), "Status");
        if ("Succeeded".equals(status)) {
          pending.remove(i);
        } else if ("Failed".equals(status)) {
          throw new CloudProviderException("NLB job " + id + " for " + what + " failed");
        }
      }
      if (pending.isEmpty()) {
        return;
      }
      if (!Instant.now().plus(pollInterval).isBefore(deadline)) {
        throw new RetryAfterException("NLB job " + pending.get(0) + " for " + what + " is still running",
            retryAfter);
      }
      sleep(pollInterval);
    }
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CloudProviderException("interrupted while waiting for an NLB job", e);
    }
  }
}
