/**
 * Ports: one interface per outside system, in the platform's words. Adapters in the
 * {@code integrations} module implement them; delegates and services only ever see these.
 */
package org.elasticcloud.core.port;
