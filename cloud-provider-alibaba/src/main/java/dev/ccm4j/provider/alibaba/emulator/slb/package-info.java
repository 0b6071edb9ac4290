/**
 * The SLB (CLB) product ({@code Slb 2014-05-15}) of the Alibaba Cloud emulator: load balancers with tags and
 * protections, listeners of the four protocols, VServer groups and backends, server certificates, domain
 * extensions and access control lists.
 */
package dev.ccm4j.provider.alibaba.emulator.slb;
