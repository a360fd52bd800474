/**
 * Adapters, one package per outside system, each implementing a port of {@code core}:
 * {@code docker} (docker-java), {@code zookeeper} (Curator). Nothing outside this module imports
 * docker-java, Curator or openstack4j.
 */
package org.elasticcloud.integrations;
