package org.elasticcloud.webapp.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over the limit before anything reads them: by their declared length at
 * once, and while streaming for bodies without one. A few paths (agents' metric reports) have a
 * limit of their own.
 */
public class BodySizeLimitFilter extends OncePerRequestFilter {
  private final long defaultMaxBytes;
  private final Map<String, Long> maxBytesByPath;
  private final ObjectMapper mapper;

  public BodySizeLimitFilter(long maxBytes, ObjectMapper mapper) {
    this(maxBytes, Map.of(), mapper);
  }

  /** {@code maxBytesByPath}: limits for exact request paths (without the context path). */
  public BodySizeLimitFilter(long maxBytes, Map<String, Long> maxBytesByPath, ObjectMapper mapper) {
    this.defaultMaxBytes = maxBytes;
    this.maxBytesByPath = Map.copyOf(maxBytesByPath);
    this.mapper = mapper;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    long maxBytes = maxBytesByPath.getOrDefault(path, defaultMaxBytes);
    if (request.getContentLengthLong() > maxBytes) {
      response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      mapper.writeValue(response.getOutputStream(), ApiProblems.problem(HttpStatus.PAYLOAD_TOO_LARGE,
          "payload-too-large", "Request body too large", "request body exceeds " + maxBytes + " bytes"));
      return;
    }
    chain.doFilter(new LimitedRequest(request, maxBytes), response);
  }

  private static final class LimitedRequest extends HttpServletRequestWrapper {
    private final long max;
    private ServletInputStream stream;

    LimitedRequest(HttpServletRequest request, long max) {
      super(request);
      this.max = max;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        ServletInputStream in = super.getInputStream();
        stream = new ServletInputStream() {
          private long count;

          @Override
          public int read() throws IOException {
            int b = in.read();
            if (b >= 0 && ++count > max) {
              throw new PayloadTooLargeException(max);
            }
            return b;
          }

          @Override
          public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            if (n > 0) {
              count += n;
              if (count > max) {
                throw new PayloadTooLargeException(max);
              }
            }
            return n;
          }

          @Override
          public boolean isFinished() {
            return in.isFinished();
          }

          @Override
          public boolean isReady() {
            return in.isReady();
          }

          @Override
          public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
          }
        };
      }
      return stream;
    }
  }
}
