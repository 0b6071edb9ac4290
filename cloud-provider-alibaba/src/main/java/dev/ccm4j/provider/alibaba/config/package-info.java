/**
 * The Alibaba cloud-config: upstream's {@code {"Global":{...}}} file (JSON or YAML, keys matched
 * case-insensitively as Go's {@code encoding/json} does) plus the upstream environment variables, validated once at
 * start-up so that a bad file stops the process with the offending key named.
 */
package dev.ccm4j.provider.alibaba.config;
