-- Fault migration (issue 7, ADR 0015). Portable between H2 and MySQL/MariaDB.

-- The image each container was made from: a container is recreated from it on another host when
-- its own host is down and cannot be asked. Written by scale-out, read by migration.
CREATE TABLE container_image (
  container_name VARCHAR(63) NOT NULL PRIMARY KEY,
  image VARCHAR(255) NOT NULL,
  updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
);

-- Restarts in place of failed containers, one row per restart (the key of the operation and
-- attempt that made it, so a retried step records it once); RestartPolicy counts them within its
-- window. Times are epoch milliseconds, free of the session's time zone.
CREATE TABLE container_restart (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  container_name VARCHAR(63) NOT NULL,
  operation_key VARCHAR(128) NOT NULL,
  restarted_at_ms BIGINT NOT NULL,
  CONSTRAINT uq_container_restart UNIQUE (container_name, operation_key)
);
