/**
 * The delegates of AlertProcess (ADR 0013) and what they share: {@link org.elasticcloud.delegates.alerts.AlertNotifications}
 * turns an alert into messages through the core NotificationGate and sends them through the Mailer
 * and SmsGateway ports, logging each one.
 */
package org.elasticcloud.delegates.alerts;
