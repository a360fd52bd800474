-- Alerting (ADR 0013): an application's alert policies, its alerts and their states, and the log
-- of every notification (sent, held by quiet hours, rate-limited, dropped).

CREATE TABLE alert_policy (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  application_id BIGINT NOT NULL,
  name VARCHAR(63) NOT NULL,
  metric VARCHAR(20) NOT NULL,
  scope VARCHAR(10) NOT NULL,
  aggregation VARCHAR(10) NOT NULL,
  environment VARCHAR(63),
  group_name VARCHAR(63),
  datacenter VARCHAR(63),
  comparator VARCHAR(2) NOT NULL,
  threshold DOUBLE NOT NULL,
  hold_period VARCHAR(40) NOT NULL,
  clear_after VARCHAR(40),
  severity VARCHAR(10) NOT NULL,
  channels VARCHAR(40) NOT NULL,
  -- one recipient per line: owner, department, email:<address>, phone:<number>
  recipients VARCHAR(4000) NOT NULL,
  escalation_after VARCHAR(40),
  escalation_recipients VARCHAR(4000),
  quiet_start VARCHAR(8),
  quiet_end VARCHAR(8),
  quiet_zone VARCHAR(64),
  enabled BOOLEAN NOT NULL,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
  CONSTRAINT uq_alert_policy_name UNIQUE (application_id, name),
  CONSTRAINT fk_alert_policy_application FOREIGN KEY (application_id) REFERENCES application (id)
);

-- One row per alert: PENDING while the condition holds for less than the hold duration (deleted
-- if it stops), then FIRING, ACKNOWLEDGED, RESOLVED. Application and policy are copied so the
-- history outlives a deleted policy. open_key is the alert key while the alert is not resolved and
-- NULL after: at most one open alert per key.
CREATE TABLE alert (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  policy_id BIGINT NOT NULL,
  application VARCHAR(63) NOT NULL,
  policy_name VARCHAR(63) NOT NULL,
  subject VARCHAR(255) NOT NULL,
  alert_key VARCHAR(400) NOT NULL,
  open_key VARCHAR(400),
  state VARCHAR(20) NOT NULL,
  severity VARCHAR(10) NOT NULL,
  summary VARCHAR(1000),
  last_value DOUBLE,
  pending_since TIMESTAMP NULL,
  fired_at TIMESTAMP NULL,
  notified_at TIMESTAMP NULL,
  acknowledged_at TIMESTAMP NULL,
  acknowledged_by VARCHAR(255),
  resolved_at TIMESTAMP NULL,
  resolution VARCHAR(255),
  process_instance_id VARCHAR(64),
  CONSTRAINT uq_alert_open_key UNIQUE (open_key)
);
CREATE INDEX ix_alert_policy_state ON alert (policy_id, state);
CREATE INDEX ix_alert_application_state ON alert (application, state);

CREATE TABLE alert_notification (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  alert_id BIGINT NOT NULL,
  application VARCHAR(63) NOT NULL,
  kind VARCHAR(20) NOT NULL,
  channel VARCHAR(10),
  recipient VARCHAR(254),
  outcome VARCHAR(20) NOT NULL,
  alert_ids VARCHAR(1000),
  subject VARCHAR(255),
  detail VARCHAR(255),
  created_at TIMESTAMP NOT NULL
);
CREATE INDEX ix_alert_notification_recipient ON alert_notification (recipient, outcome, created_at);
CREATE INDEX ix_alert_notification_alert ON alert_notification (alert_id);

-- One row per application that has notified: its first notification step of a round locks it
-- (SELECT ... FOR UPDATE), so the notify steps of an alert storm take turns and only the first
-- sends, listing every alert (ADR 0013).
CREATE TABLE alert_notify_lock (
  application VARCHAR(63) NOT NULL PRIMARY KEY
);
