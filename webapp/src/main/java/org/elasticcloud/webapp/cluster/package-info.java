/**
 * What makes several platform nodes one platform: the per-application operation queues' wake-ups
 * and janitor, and the hand-over of a dead node's locked jobs (ADR 0009).
 */
package org.elasticcloud.webapp.cluster;
