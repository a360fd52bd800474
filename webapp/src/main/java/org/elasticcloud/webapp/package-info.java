/**
 * The Spring Boot application: the Camunda engine with its job executor and webapps, engine REST
 * behind authentication, the platform's REST API under {@code /api}, the Thymeleaf pages, and the
 * wiring of ports to adapters.
 */
package org.elasticcloud.webapp;
