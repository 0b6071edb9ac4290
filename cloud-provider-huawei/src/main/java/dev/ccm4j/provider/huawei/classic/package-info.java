/**
 * The {@code elasticity} load balancer class: Huawei's classic ELB v1.0 ({@code /v1.0/{project_id}/elbaas/...}),
 * whose load balancer and member changes are asynchronous jobs ({@code /v1.0/{project_id}/jobs/{job_id}}).
 */
package dev.ccm4j.provider.huawei.classic;
