package org.elasticcloud.webapp.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.elasticcloud.webapp.config.EcloudProperties;
import org.elasticcloud.webapp.config.MetricsProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Authentication for {@code /engine-rest}, {@code /api}, the monitoring pages (whose charts read
 * {@code /api} with the browser's credentials for the same realm) and the application pages
 * ({@code /applications}: alert policies with their recipients), and the body size limit for
 * {@code /api} (agents' metric reports: {@code ecloud.metrics.max-report-bytes}).
 */
@Configuration(proxyBeanMethods = false)
public class ApiFilters {
  @Bean
  FilterRegistrationBean<BasicAuthFilter> basicAuthFilter(ProcessEngine engine, ObjectMapper mapper) {
    FilterRegistrationBean<BasicAuthFilter> reg =
        new FilterRegistrationBean<>(new BasicAuthFilter(engine.getIdentityService(), mapper));
    reg.addUrlPatterns("/engine-rest/*", "/api/*", "/monitoring", "/monitoring/*", "/applications/*");
    reg.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    reg.setName("ecloudBasicAuth");
    return reg;
  }

  @Bean
  FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(EcloudProperties props, MetricsProperties metrics,
      ObjectMapper mapper) {
    FilterRegistrationBean<BodySizeLimitFilter> reg = new FilterRegistrationBean<>(new BodySizeLimitFilter(
        props.api().maxBodyBytes(), Map.of("/api/metrics/reports", metrics.maxReportBytes()), mapper));
    reg.addUrlPatterns("/api/*");
    reg.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
    reg.setName("ecloudBodySizeLimit");
    return reg;
  }
}
