package org.elasticcloud.webapp.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * HTTP Basic authentication against Camunda's users, for {@code /engine-rest} and {@code /api}.
 * The authenticated user and groups are set on the engine for the request, so Camunda's
 * authorizations apply to everything the request does; they are cleared afterwards.
 */
public class BasicAuthFilter extends OncePerRequestFilter {
  private final IdentityService identity;
  private final ObjectMapper mapper;

  public BasicAuthFilter(IdentityService identity, ObjectMapper mapper) {
    this.identity = identity;
    this.mapper = mapper;
  }

  /**
   * Reads of a group's configuration may come without credentials: the config center then checks
   * that the caller's IP is a container of that group.
   */
  static boolean anonymousAllowed(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return "GET".equals(request.getMethod()) && path.startsWith("/api/config/")
        && request.getHeader("Authorization") == null;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (anonymousAllowed(request)) {
      identity.clearAuthentication();
      chain.doFilter(request, response);
      return;
    }
    String userId = authenticate(request.getHeader("Authorization"));
    if (userId == null) {
      response.setStatus(HttpStatus.UNAUTHORIZED.value());
      response.setHeader("WWW-Authenticate", "Basic realm=\"Elastic Cloud\"");
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      mapper.writeValue(response.getOutputStream(), ApiProblems.problem(HttpStatus.UNAUTHORIZED,
          "unauthorized", "Authentication required", "give a user and password with HTTP Basic authentication"));
      return;
    }
    List<String> groups = identity.createGroupQuery().groupMember(userId).list().stream().map(Group::getId).toList();
    identity.setAuthentication(userId, groups);
    try {
      chain.doFilter(request, response);
    } finally {
      identity.clearAuthentication();
    }
  }

  private String authenticate(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return null;
    }
    String user = decoded.substring(0, colon);
    return identity.checkPassword(user, decoded.substring(colon + 1)) ? user : null;
  }
}
