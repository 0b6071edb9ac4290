package dev.ccm4j.provider.alibaba.emulator;

import com.google.gson.JsonObject;

/**
 * Serves one RPC action of one product. The emulator has verified the signature and resolved product and action
 * before calling it, and adds {@code RequestId} to the answer when the handler leaves it out.
 */
@FunctionalInterface
public interface ActionHandler {
  /**
   * Handles a call.
   *
   * @param call the decoded request
   * @return the JSON body of the successful answer
   * @throws AlibabaApiError to answer with one of Alibaba's errors
   */
  JsonObject handle(RpcCall call);
}
