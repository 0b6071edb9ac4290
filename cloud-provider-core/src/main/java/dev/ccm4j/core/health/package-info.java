/** Named health checks shared by controllers, leader election and the serving endpoints. */
package dev.ccm4j.core.health;
