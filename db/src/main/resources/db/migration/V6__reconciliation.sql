-- Reconciliation reports (ADR 0010): one row per run of ReconcileProcess, its id the process
-- instance's; one row per finding, with the repair the rules allowed and what became of it.
CREATE TABLE reconciliation (
  seq BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  id VARCHAR(64) NOT NULL,
  trigger_source VARCHAR(20) NOT NULL,
  state VARCHAR(20) NOT NULL,
  repair_enabled BOOLEAN NOT NULL,
  started_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
  finished_at TIMESTAMP NULL,
  CONSTRAINT uq_reconciliation_id UNIQUE (id)
);

CREATE TABLE reconciliation_item (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  report_seq BIGINT NOT NULL,
  item_no INT NOT NULL,
  kind VARCHAR(20) NOT NULL,
  resource_type VARCHAR(20) NOT NULL,
  resource_key VARCHAR(700) NOT NULL,
  application VARCHAR(255),
  resource_scope VARCHAR(255),
  host_name VARCHAR(63),
  resource_name VARCHAR(255) NOT NULL,
  expected VARCHAR(1000),
  actual VARCHAR(1000),
  detail VARCHAR(1000),
  repair_action VARCHAR(30) NOT NULL,
  repair_outcome VARCHAR(30) NOT NULL,
  outcome_detail VARCHAR(1000),
  CONSTRAINT uq_reconciliation_item UNIQUE (report_seq, item_no),
  CONSTRAINT fk_reconciliation_item_report FOREIGN KEY (report_seq) REFERENCES reconciliation (seq)
);
