/**
 * Alerting in plain Java (ADR 0013): an application's {@link org.elasticcloud.core.alerts.AlertPolicy}
 * (which metric, over what, compared with what, for how long, whom to tell, how), the
 * {@link org.elasticcloud.core.alerts.AlertEvaluator} that turns the metric series of the
 * {@link org.elasticcloud.core.port.MetricsStore} into pending, firing and resolved alerts, and the
 * {@link org.elasticcloud.core.alerts.NotificationGate} that keeps an alert storm to one notification
 * per recipient and a bounded number per recipient and window. The notifiers themselves are ports:
 * {@link org.elasticcloud.core.port.Mailer} and {@link org.elasticcloud.core.port.SmsGateway}.
 */
package org.elasticcloud.core.alerts;
