-- Host health (ADR 0014): per host its failure epoch (incremented each time the host is declared
-- DOWN or FAULTY), the epoch up to which its engine was fenced, whether an agent was ever seen
-- for it, and the last probe of its engine the monitor recorded; and the log of its health events.
CREATE TABLE host_health (
  host_id BIGINT NOT NULL PRIMARY KEY,
  epoch BIGINT DEFAULT 0 NOT NULL,
  fenced_epoch BIGINT DEFAULT 0 NOT NULL,
  agent_seen_at TIMESTAMP NULL,
  last_probe_at TIMESTAMP NULL,
  last_probe_ok BOOLEAN NULL,
  last_probe_detail VARCHAR(1000),
  CONSTRAINT fk_host_health_host FOREIGN KEY (host_id) REFERENCES host (id) ON DELETE CASCADE
);

CREATE TABLE host_event (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  host_id BIGINT NOT NULL,
  happened_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
  from_state VARCHAR(20) NOT NULL,
  to_state VARCHAR(20) NOT NULL,
  reason VARCHAR(30) NOT NULL,
  epoch BIGINT NOT NULL,
  detail VARCHAR(1000),
  CONSTRAINT fk_host_event_host FOREIGN KEY (host_id) REFERENCES host (id) ON DELETE CASCADE
);

CREATE INDEX ix_host_event_host ON host_event (host_id, id);
