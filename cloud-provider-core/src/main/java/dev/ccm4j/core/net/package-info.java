/**
 * Network value types shared by the controllers that handle pod CIDRs: node IPAM allocates them, the route controller
 * matches cloud routes against them. Kept apart so neither controller package imports the other.
 */
package dev.ccm4j.core.net;
