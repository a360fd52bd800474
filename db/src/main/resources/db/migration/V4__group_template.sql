-- A group's template container: registered by hand, confirmed by an operator in Tasklist. Its
-- registrations (grants, VIP, monitoring, logging) are the rows of template_registration.
CREATE TABLE group_template (
  group_id BIGINT NOT NULL PRIMARY KEY,
  container_name VARCHAR(63) NOT NULL,
  container_ip VARCHAR(45) NOT NULL,
  state VARCHAR(20) NOT NULL,
  definition TEXT NOT NULL,
  process_instance_id VARCHAR(64),
  registered_by VARCHAR(128),
  confirmed_by VARCHAR(128),
  updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
  CONSTRAINT fk_template_group FOREIGN KEY (group_id) REFERENCES app_group (id)
);
