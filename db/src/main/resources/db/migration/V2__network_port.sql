-- Ports of the local IPAM (the embedded default network authority when no OpenStack is configured):
-- one row per container port, its fixed IP and MAC, and the host it is bound to.
CREATE TABLE network_port (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(128) NOT NULL,
  ip VARCHAR(45) NOT NULL,
  mac VARCHAR(17) NOT NULL,
  host_name VARCHAR(63),
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
  CONSTRAINT uq_network_port_name UNIQUE (name),
  CONSTRAINT uq_network_port_ip UNIQUE (ip),
  CONSTRAINT uq_network_port_mac UNIQUE (mac)
);
