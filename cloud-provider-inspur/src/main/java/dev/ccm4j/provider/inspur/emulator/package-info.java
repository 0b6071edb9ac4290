/**
 * An HTTP-level Inspur Cloud emulator for tests and for {@code ccm4j cloud-emulator inspur}: the SLB REST API
 * ({@code /slb/v1/slbs} with listeners and members, the status codes the original client expects), a Keycloak token
 * endpoint (token exchange, expiry on the emulator's clock, Keycloak's error bodies), bearer-token checks on every
 * SLB call, and the shared {@code /_ccm4j/} control API (instances, journal, faults, load balancers). Start with
 * {@link dev.ccm4j.provider.inspur.emulator.InspurEmulator}.
 */
package dev.ccm4j.provider.inspur.emulator;
