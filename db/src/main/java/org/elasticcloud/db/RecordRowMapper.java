package org.elasticcloud.db;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.SimpleTypeConverter;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.JdbcUtils;

/**
 * Maps a row onto a record whose components are its columns in snake case ({@code memoryMb} from
 * {@code memory_mb}), values converted as Spring's {@code DataClassRowMapper} converts them (enums by
 * name, null into a primitive as its default).
 *
 * <p>Not {@code DataClassRowMapper} itself: it looks each component up by its own name first and
 * only then by the snake-case one, so every camel-case component cost a failed column lookup, which
 * the JDBC driver answers with an exception (and H2 also writes to its trace file). On the
 * scale-out's path that was a few hundred exceptions per container.
 */
public final class RecordRowMapper<T extends Record> implements RowMapper<T> {
  private final Constructor<T> constructor;
  private final String[] columns;
  private final Class<?>[] types;

  public RecordRowMapper(Class<T> type) {
    RecordComponent[] components = type.getRecordComponents();
    if (components == null) {
      throw new IllegalArgumentException(type + " is not a record");
    }
    this.columns = Arrays.stream(components).map(c -> RecordTable.column(c.getName())).toArray(String[]::new);
    this.types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
    try {
      this.constructor = type.getDeclaredConstructor(types);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(type + " has no canonical constructor", e);
    }
  }

  @Override
  public T mapRow(ResultSet rs, int rowNum) throws SQLException {
    SimpleTypeConverter converter = new SimpleTypeConverter();
    converter.setConversionService(DefaultConversionService.getSharedInstance());
    Object[] args = new Object[columns.length];
    for (int i = 0; i < columns.length; i++) {
      Object value = JdbcUtils.getResultSetValue(rs, rs.findColumn(columns[i]), types[i]);
      args[i] = value == null ? null : converter.convertIfNecessary(value, types[i]);
    }
    return BeanUtils.instantiateClass(constructor, args);
  }
}
