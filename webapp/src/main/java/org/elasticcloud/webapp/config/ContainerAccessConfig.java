package org.elasticcloud.webapp.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.catalina.connector.Connector;
import org.elasticcloud.webapp.api.ApiProblems;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The containers' way in: a second Tomcat listener on the containers' network, through which only
 * {@code GET /api/config/**} is served (every other request there answers 404).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${ecloud.container-access.address:}' != ''")
public class ContainerAccessConfig {
  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> containerAccessConnector(EcloudProperties props) {
    return factory -> {
      Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
      connector.setPort(props.containerAccess().port());
      connector.setProperty("address", props.containerAccess().address());
      factory.addAdditionalTomcatConnectors(connector);
    };
  }

  @Bean
  FilterRegistrationBean<OncePerRequestFilter> containerAccessFilter(EcloudProperties props, ObjectMapper mapper) {
    int port = props.containerAccess().port();
    OncePerRequestFilter filter = new OncePerRequestFilter() {
      @Override
      protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (request.getLocalPort() == port && !("GET".equals(request.getMethod()) && path.startsWith("/api/config/"))) {
          response.setStatus(HttpStatus.NOT_FOUND.value());
          response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
          mapper.writeValue(response.getOutputStream(), ApiProblems.problem(HttpStatus.NOT_FOUND, "not-found",
              "Not found", "containers reach only their configuration here"));
          return;
        }
        chain.doFilter(request, response);
      }
    };
    FilterRegistrationBean<OncePerRequestFilter> reg = new FilterRegistrationBean<>(filter);
    reg.addUrlPatterns("/*");
    reg.setOrder(Ordered.HIGHEST_PRECEDENCE);
    reg.setName("ecloudContainerAccess");
    return reg;
  }
}
