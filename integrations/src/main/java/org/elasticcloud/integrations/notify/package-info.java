/**
 * The notifiers: {@link org.elasticcloud.integrations.notify.SmtpMailer} (the {@code Mailer} port
 * on Spring's {@code JavaMailSender} and Jakarta Mail), {@link org.elasticcloud.integrations.notify.HttpSmsGateway}
 * (the {@code SmsGateway} port: a JSON POST with {@code java.net.http}), and
 * {@link org.elasticcloud.integrations.notify.SmsRecorder}, a local SMS endpoint that records what it
 * gets (tests and the lab).
 */
package org.elasticcloud.integrations.notify;
