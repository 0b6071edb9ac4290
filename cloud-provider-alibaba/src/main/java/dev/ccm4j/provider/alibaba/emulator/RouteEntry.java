package dev.ccm4j.provider.alibaba.emulator;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An entry of the VPC's route table. Custom entries are {@code Pending} until {@link #availableAt()} on the state's
 * clock, then {@code Available}; system entries (the vSwitch CIDR blocks and the cloud service range) always are.
 *
 * @param routeEntryId the id, {@code rte-...}
 * @param routeTableId the table
 * @param destinationCidrBlock the destination, normalised (a bare address is a {@code /32})
 * @param type {@code Custom} or {@code System}
 * @param nextHopType {@code Instance} for custom entries, {@code local} or {@code service} for system entries
 * @param nextHopId the next hop's id; empty for system entries
 * @param name the entry's name, may be empty
 * @param description the description, may be empty
 * @param creationTime when it was created
 * @param availableAt when it leaves {@code Pending}
 */
public record RouteEntry(String routeEntryId, String routeTableId, String destinationCidrBlock, String type,
    String nextHopType, String nextHopId, String name, String description, Instant creationTime,
    Instant availableAt) {
  /** Entry type of the entries clients create. */
  public static final String CUSTOM = "Custom";
  /** Entry type of the entries the VPC maintains itself. */
  public static final String SYSTEM = "System";

  /** Validates the fields. */
  public RouteEntry {
    Objects.requireNonNull(routeEntryId, "routeEntryId");
    Objects.requireNonNull(routeTableId, "routeTableId");
    Objects.requireNonNull(destinationCidrBlock, "destinationCidrBlock");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(nextHopType, "nextHopType");
    Objects.requireNonNull(nextHopId, "nextHopId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(creationTime, "creationTime");
    Objects.requireNonNull(availableAt, "availableAt");
  }

  /**
   * The status at a moment.
   *
   * @param now the state clock's instant
   * @return {@code Pending} or {@code Available}
   */
  public String status(Instant now) {
    return now.isBefore(availableAt) ? "Pending" : "Available";
  }

  /** The next hop instance of a custom entry. */
  public Optional<String> nextHopInstanceId() {
    return nextHopType.equalsIgnoreCase("Instance") && !nextHopId.isEmpty() ? Optional.of(nextHopId)
        : Optional.empty();
  }
}
