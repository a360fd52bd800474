/**
 * Host health: deciding from a host's two independent signals (its agent's membership in
 * ZooKeeper and the platform's own probe of its Docker engine) whether it is READY, SUSPECT or
 * DOWN, and fencing a host that returns after it was declared DOWN, so that no container IP is
 * ever live on two hosts. Plain Java over the ports; the rules are in ADR 0014.
 *
 * <p>{@link org.elasticcloud.core.health.HostHealthJudge} decides the transitions,
 * {@link org.elasticcloud.core.health.Fencing} which of the platform's containers on a returning
 * engine must go, {@link org.elasticcloud.core.health.HostFencer} removes them through the
 * {@link org.elasticcloud.core.port.ContainerRuntime} port.
 */
package org.elasticcloud.core.health;
