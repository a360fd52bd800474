/**
 * The platform's own tables: Flyway migrations under {@code db/migration} (portable between H2
 * and MySQL/MariaDB) and the repositories over them. Camunda keeps its own ACT_* tables.
 */
package org.elasticcloud.db;
