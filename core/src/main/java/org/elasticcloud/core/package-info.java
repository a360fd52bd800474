/**
 * The domain of Elastic Cloud and its decisions, in plain Java: no Spring, no Camunda, no I/O.
 *
 * <ul>
 *   <li>{@code inventory} — datacenters, switches, hosts, departments, owners, applications,
 *       environments, groups, specs, containers;</li>
 *   <li>{@code validation} — field-level checks that REST and the processes share;</li>
 *   <li>{@code placement} — which hosts take new containers of a group, and which containers go on
 *       scale-in, each choice explained;</li>
 *   <li>{@code port} — one interface per outside system, in domain words; adapters live in the
 *       {@code integrations} module.</li>
 * </ul>
 */
package org.elasticcloud.core;
