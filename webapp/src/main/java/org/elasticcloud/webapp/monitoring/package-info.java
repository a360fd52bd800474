/** Monitoring on the platform side: agents' reports in, the store, host health, alerts. */
package org.elasticcloud.webapp.monitoring;
