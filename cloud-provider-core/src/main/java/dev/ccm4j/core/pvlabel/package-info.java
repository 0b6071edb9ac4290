/** The opt-in persistent volume label controller: zone and region labels and node affinity for cloud volumes. */
package dev.ccm4j.core.pvlabel;
