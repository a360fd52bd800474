package org.elasticcloud.webapp.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.ProcessEngine;
import org.elasticcloud.webapp.config.EcloudProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Authentication for {@code /engine-rest}, {@code /api} and the application pages ({@code /applications}),
 * and the body size limit for {@code /api}.
 */
@Configuration(proxyBeanMethods = false)
public class ApiFilters {
  @Bean
  FilterRegistrationBean<BasicAuthFilter> basicAuthFilter(ProcessEngine engine, ObjectMapper mapper) {
    FilterRegistrationBean<BasicAuthFilter> reg =
        new FilterRegistrationBean<>(new BasicAuthFilter(engine.getIdentityService(), mapper));
    // /applications/*: pages that show an application's alert policies (recipients) and alerts
    reg.addUrlPatterns("/engine-rest/*", "/api/*", "/applications/*");
    reg.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    reg.setName("ecloudBasicAuth");
    return reg;
  }

  @Bean
  FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(EcloudProperties props, ObjectMapper mapper) {
    FilterRegistrationBean<BodySizeLimitFilter> reg =
        new FilterRegistrationBean<>(new BodySizeLimitFilter(props.api().maxBodyBytes(), mapper));
    reg.addUrlPatterns("/api/*");
    reg.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
    reg.setName("ecloudBodySizeLimit");
    return reg;
  }
}
