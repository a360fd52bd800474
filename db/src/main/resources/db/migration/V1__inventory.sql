-- The platform's inventory. Portable between H2 (embedded default) and MySQL/MariaDB.
-- Camunda owns its ACT_* tables; Flyway owns these.

CREATE TABLE datacenter (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(63) NOT NULL,
  location VARCHAR(200),
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
  CONSTRAINT uq_datacenter_name UNIQUE (name)
);

CREATE TABLE network_switch (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  datacenter_id BIGINT NOT NULL,
  name VARCHAR(63) NOT NULL,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
  CONSTRAINT uq_switch_name UNIQUE (datacenter_id, name),
  CONSTRAINT fk_switch_datacenter FOREIGN KEY (datacenter_id) REFERENCES datacenter (id)
);

CREATE TABLE host (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  switch_id BIGINT NOT NULL,
  name VARCHAR(63) NOT NULL,
  cores INT NOT NULL,
  memory_mb BIGINT NOT NULL,
  disk_gb BIGINT NOT NULL,
  engine_endpoint VARCHAR(255) NOT NULL,
  state VARCHAR(20) NOT NULL,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
  CONSTRAINT uq_host_name UNIQUE (name),
  CONSTRAINT fk_host_switch FOREIGN KEY (switch_id) REFERENCES network_switch (id)
);

CREATE TABLE department (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(63) NOT NULL,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
  CONSTRAINT uq_department_name UNIQUE (name)
);

CREATE TABLE owner (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(63) NOT NULL,
  email VARCHAR(254) NOT NULL,
  department_id BIGINT NOT NULL,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
  CONSTRAINT uq_owner_name UNIQUE (name),
  CONSTRAINT fk_owner_department FOREIGN KEY (department_id) REFERENCES department (id)
);

CREATE TABLE application (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(63) NOT NULL,
  owner_id BIGINT NOT NULL,
  priority INT NOT NULL,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
  CONSTRAINT uq_application_name UNIQUE (name),
  CONSTRAINT fk_application_owner FOREIGN KEY (owner_id) REFERENCES owner (id)
);

CREATE TABLE environment (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(63) NOT NULL,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
  CONSTRAINT uq_environment_name UNIQUE (name)
);

INSERT INTO environment (name) VALUES ('production');
INSERT INTO environment (name) VALUES ('staging');
INSERT INTO environment (name) VALUES ('test');

CREATE TABLE spec (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(63) NOT NULL,
  cores INT NOT NULL,
  memory_mb BIGINT NOT NULL,
  disk_gb BIGINT NOT NULL,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
  CONSTRAINT uq_spec_name UNIQUE (name)
);

CREATE TABLE image (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  repository VARCHAR(200) NOT NULL,
  tag VARCHAR(63) NOT NULL,
  layer VARCHAR(20) NOT NULL,
  parent_id BIGINT,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
  CONSTRAINT uq_image_ref UNIQUE (repository, tag),
  CONSTRAINT fk_image_parent FOREIGN KEY (parent_id) REFERENCES image (id)
);

CREATE TABLE app_group (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  application_id BIGINT NOT NULL,
  environment_id BIGINT NOT NULL,
  name VARCHAR(63) NOT NULL,
  spec_id BIGINT NOT NULL,
  min_instances INT NOT NULL,
  max_instances INT NOT NULL,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
  CONSTRAINT uq_group_name UNIQUE (application_id, environment_id, name),
  CONSTRAINT fk_group_application FOREIGN KEY (application_id) REFERENCES application (id),
  CONSTRAINT fk_group_environment FOREIGN KEY (environment_id) REFERENCES environment (id),
  CONSTRAINT fk_group_spec FOREIGN KEY (spec_id) REFERENCES spec (id)
);

CREATE TABLE container (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  group_id BIGINT NOT NULL,
  host_id BIGINT,
  name VARCHAR(63) NOT NULL,
  ip VARCHAR(45),
  mac VARCHAR(17),
  data_volume VARCHAR(255),
  log_volume VARCHAR(255),
  state VARCHAR(20) NOT NULL,
  generation INT NOT NULL,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
  CONSTRAINT uq_container_name UNIQUE (name),
  CONSTRAINT uq_container_ip UNIQUE (ip),
  CONSTRAINT fk_container_group FOREIGN KEY (group_id) REFERENCES app_group (id),
  CONSTRAINT fk_container_host FOREIGN KEY (host_id) REFERENCES host (id)
);

CREATE TABLE template_registration (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  group_id BIGINT NOT NULL,
  kind VARCHAR(20) NOT NULL,
  target VARCHAR(255) NOT NULL,
  details VARCHAR(4000),
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
  CONSTRAINT fk_registration_group FOREIGN KEY (group_id) REFERENCES app_group (id)
);

CREATE TABLE quota (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  application_id BIGINT NOT NULL,
  max_instances INT NOT NULL,
  max_cores INT NOT NULL,
  max_memory_mb BIGINT NOT NULL,
  max_disk_gb BIGINT NOT NULL,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
  CONSTRAINT uq_quota_application UNIQUE (application_id),
  CONSTRAINT fk_quota_application FOREIGN KEY (application_id) REFERENCES application (id)
);
