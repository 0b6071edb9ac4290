/**
 * The cloud-node controller: initializes tainted nodes from the cloud's instance metadata and keeps initialized
 * nodes' addresses and topology labels in line with the cloud.
 */
package dev.ccm4j.core.node;
