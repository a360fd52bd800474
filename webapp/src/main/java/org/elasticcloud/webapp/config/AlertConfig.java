package org.elasticcloud.webapp.config;

import java.net.URI;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.camunda.bpm.engine.RuntimeService;
import org.elasticcloud.core.alerts.NotificationGate;
import org.elasticcloud.core.port.Mailer;
import org.elasticcloud.core.port.MetricsStore;
import org.elasticcloud.core.port.NotifierUnavailableException;
import org.elasticcloud.core.port.SmsGateway;
import org.elasticcloud.db.AlertStore;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.delegates.ProcessNames.Alert;
import org.elasticcloud.delegates.alerts.AlertNotifications;
import org.elasticcloud.delegates.alerts.AlertSettings;
import org.elasticcloud.integrations.notify.HttpSmsGateway;
import org.elasticcloud.integrations.notify.SmtpMailer;
import org.elasticcloud.webapp.monitoring.AlertActions;
import org.elasticcloud.webapp.monitoring.AlertMonitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Alerting (ADR 0013): the store, the notifiers (mail from {@code spring.mail.*}, SMS from
 * {@code ecloud.alerts.sms.*}), AlertProcess's settings and notifications, and the evaluator that runs
 * every {@code ecloud.alerts.evaluation-interval} on the one node that holds the ZooKeeper leader
 * latch {@code <base>/alerts/evaluator}. The metrics come from whatever {@link MetricsStore} bean the
 * node has; without one the evaluator only warns.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AlertProperties.class)
public class AlertConfig {
  private static final Logger LOG = LoggerFactory.getLogger(AlertConfig.class);

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  AlertStore alertStore(DataSource dataSource) {
    return new AlertStore(JdbcClient.create(dataSource));
  }

  @Bean(Alert.SETTINGS_BEAN)
  AlertSettings alertSettings(AlertProperties props) {
    return new AlertSettings(new NotificationGate.Settings(props.groupingWindow(), props.rateLimit().max(),
        props.rateLimit().window()));
  }

  @Bean
  Mailer mailer(ObjectProvider<JavaMailSender> sender, AlertProperties props) {
    JavaMailSender s = sender.getIfAvailable();
    if (s == null) {
      LOG.warn("ECP-ALERT-030 no mail server (spring.mail.host): alert mails fail into incidents until one is set");
      return mail -> {
        throw new NotifierUnavailableException("ECP-ALERT-030 no mail server configured: set spring.mail.host");
      };
    }
    return new SmtpMailer(s, props.mailFrom());
  }

  @Bean
  SmsGateway smsGateway(AlertProperties props) {
    if (!props.sms().configured()) {
      LOG.warn("ECP-ALERT-031 no SMS gateway (ecloud.alerts.sms.url): alert SMS fail into incidents until one is set");
      return (to, text) -> {
        throw new NotifierUnavailableException("ECP-ALERT-031 no SMS gateway configured: set ecloud.alerts.sms.url");
      };
    }
    return new HttpSmsGateway(URI.create(props.sms().url()), props.sms().token(), props.sms().timeout());
  }

  @Bean
  AlertNotifications alertNotifications(AlertStore store, Inventory inventory, AlertSettings settings, Mailer mailer,
      SmsGateway sms, Clock clock) {
    return new AlertNotifications(store, inventory, settings, mailer, sms, clock);
  }

  @Bean
  AlertActions alertActions(AlertStore store, RuntimeService runtime, PlatformTransactionManager tx, Clock clock) {
    return new AlertActions(store, runtime, new TransactionTemplate(tx), clock);
  }

  @Bean
  AlertMonitor alertMonitor(AlertStore store, ObjectProvider<MetricsStore> metrics, AlertActions actions, Clock clock,
      AlertProperties props) {
    return new AlertMonitor(store, metrics::getIfAvailable, actions, clock, props.evaluationInterval());
  }

  /** One evaluator in the cluster: the holder of this latch. */
  @Bean(destroyMethod = "close")
  LeaderLatch alertEvaluatorLatch(CuratorFramework curator, EcloudProperties ecloud) {
    return new LeaderLatch(curator, ecloud.zookeeper().basePath() + "/alerts/evaluator");
  }

  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService alertScheduler() {
    return Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ecloud-alerts");
      t.setDaemon(true);
      return t;
    });
  }

  /** Once the node is ready: run for the latch, and evaluate while holding it. */
  @Bean
  ApplicationListener<ApplicationReadyEvent> startAlertEvaluation(AlertProperties props, LeaderLatch alertEvaluatorLatch,
      ScheduledExecutorService alertScheduler, AlertMonitor monitor) {
    return event -> {
      if (!props.enabled()) {
        LOG.info("ECP-ALERT-032 alert evaluation is off on this node (ecloud.alerts.enabled=false)");
        return;
      }
      try {
        alertEvaluatorLatch.start();
      } catch (Exception e) {
        throw new IllegalStateException("ECP-ALERT-033 cannot join the alert evaluator election", e);
      }
      long every = props.evaluationInterval().toMillis();
      alertScheduler.scheduleWithFixedDelay(() -> {
        if (!alertEvaluatorLatch.hasLeadership()) {
          return;
        }
        try {
          monitor.evaluateOnce();
        } catch (RuntimeException e) {
          LOG.warn("ECP-ALERT-034 alert evaluation failed, next round in {} ms: {}", every, e.toString());
        }
      }, every, every, TimeUnit.MILLISECONDS);
      LOG.info("ECP-ALERT-035 alert evaluation every {} when this node leads", props.evaluationInterval());
    };
  }
}
