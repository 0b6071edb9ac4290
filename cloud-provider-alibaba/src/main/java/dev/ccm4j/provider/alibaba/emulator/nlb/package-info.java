/**
 * The NLB product ({@code Nlb 2022-04-30}) of the Alibaba Cloud emulator: load balancers, server groups,
 * listeners, tags and asynchronous jobs driven by the emulator's clock.
 */
package dev.ccm4j.provider.alibaba.emulator.nlb;
