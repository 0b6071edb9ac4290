package dev.ccm4j.testkit.cloud;

/**
 * Runs inside a {@link FakeCloud} call, on the calling thread, after the call is recorded and before any delay,
 * injected fault or state change. A hook may block (for example on a latch) to hold the call in progress; an
 * exception it throws propagates to the caller. Hooks run without any fake-cloud lock held.
 */
@FunctionalInterface
public interface CallHook {

  /**
   * Called once per matching call.
   *
   * @param call the call being made
   * @throws InterruptedException if the hook is interrupted while blocking; the call then fails with a
   *     {@link dev.ccm4j.api.CloudProviderException} and the thread's interrupt flag set
   */
  void onCall(Call call) throws InterruptedException;
}
