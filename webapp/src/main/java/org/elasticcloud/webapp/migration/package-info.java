/**
 * Fault migration on the platform side: starting HostFailureProcess, DrainHostProcess and
 * ContainerFailureProcess once per subject (REST, and host-failure detection's event).
 */
package org.elasticcloud.webapp.migration;
