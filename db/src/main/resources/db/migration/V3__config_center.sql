-- The config center: versioned configuration sets per (application, environment, group).
-- Every change, rollbacks included, is a new version; old versions are history.
CREATE TABLE config_version (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  group_id BIGINT NOT NULL,
  version INT NOT NULL,
  content TEXT NOT NULL,
  author VARCHAR(128),
  comment VARCHAR(500),
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
  CONSTRAINT uq_config_version UNIQUE (group_id, version),
  CONSTRAINT fk_config_group FOREIGN KEY (group_id) REFERENCES app_group (id)
);
