/**
 * Database grants on the applications' MySQL/MariaDB servers: {@link
 * org.elasticcloud.integrations.grants.MySqlDatabaseGrants}, the JDBC adapter of {@link
 * org.elasticcloud.core.port.DatabaseGrants}.
 */
package org.elasticcloud.integrations.grants;
