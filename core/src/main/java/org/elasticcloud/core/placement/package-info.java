/**
 * Placement: where new containers of a group go ({@link org.elasticcloud.core.placement.HostChooser})
 * and which containers go on scale-in ({@link org.elasticcloud.core.placement.VictimChooser}).
 * Plain deterministic computation on immutable records: no Spring, no Camunda, no I/O. The caller
 * reads the inventory, builds a request, and turns the result into process variables.
 *
 * <h2>Inputs</h2>
 * <ul>
 *   <li>{@link org.elasticcloud.core.placement.HostLoad} — an inventory host (id, switch, capacity,
 *       state) with the {@link org.elasticcloud.core.placement.PlacedContainer}s that occupy it now,
 *       of every group; free capacity = capacity − their {@link org.elasticcloud.core.placement.Resources}.</li>
 *   <li>{@link org.elasticcloud.core.placement.PlacementRequest} — group, spec, count, the hosts of
 *       one datacenter, excluded host ids, and a {@link org.elasticcloud.core.placement.SpreadPolicy}.</li>
 *   <li>{@link org.elasticcloud.core.placement.ScaleInRequest} — group, count, hosts, minimum, and
 *       whether going below the minimum is allowed.</li>
 * </ul>
 *
 * <h2>The rules in short</h2>
 * <ol>
 *   <li>Only READY hosts the caller did not exclude take containers; a host must have free cores,
 *       memory and disk for the spec.</li>
 *   <li>Spread limits, as shares of the group's size <em>after</em> the change (existing +
 *       placed): at most {@code max(1, floor(maxSharePerHost × size))} per host and
 *       {@code max(1, floor(maxSharePerSwitch × size))} per switch. If not all requested fit, the
 *       largest count whose own limits hold is placed.</li>
 *   <li>Each container goes to the host with the fewest of the group on its switch, then on itself,
 *       then the closest free-memory-per-core to the spec's ({@code |ln(free MB/core ÷ spec
 *       MB/core)|}), then the lowest host id.</li>
 *   <li>Victims come from hosts that are not READY first, then the most loaded switch, then the most
 *       loaded host, then the lowest host id; the newest container of that host goes. Never below
 *       the minimum unless allowed.</li>
 * </ol>
 *
 * <h2>Outputs</h2>
 * A {@link org.elasticcloud.core.placement.PlacementResult} holds one
 * {@link org.elasticcloud.core.placement.Placement} per placed container (its host, and the
 * {@link org.elasticcloud.core.placement.Placement.Criterion} on which that host beat the runner-up),
 * one {@link org.elasticcloud.core.placement.HostDecision} per listed host (chosen, ruled out or not
 * needed, with every binding {@link org.elasticcloud.core.placement.Constraint}), and a
 * {@link org.elasticcloud.core.placement.Shortfall} when fewer than requested fit. A
 * {@link org.elasticcloud.core.placement.ScaleInResult} holds one
 * {@link org.elasticcloud.core.placement.Victim} per container to remove. Falling short is a result;
 * {@code requireAll()} turns it into {@link org.elasticcloud.core.placement.NoHostFitsException}
 * ({@code ECP-PLACE-001}) or {@link org.elasticcloud.core.placement.ScaleInRefusedException}
 * ({@code ECP-PLACE-002}) for callers that need all or nothing.
 */
package org.elasticcloud.core.placement;
