/**
 * Reports: hourly maximum utilization per container rolled up per application and per department
 * (owner → department → application → container), and the deployment inspection report (overload
 * per datacenter, switch and host; requested but unused containers; uneven specs). Plain Java over
 * the metrics store's port; pages and e-mail live in {@code webapp}. Filled in by the monitoring
 * and reporting issues.
 */
package org.elasticcloud.reports;
