package org.elasticcloud.db;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.elasticcloud.core.inventory.InventoryItem;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/**
 * A repository over one table whose columns are the components of a record, named in snake case
 * ({@code memoryMb} → {@code memory_mb}). Component {@code id} is the generated primary key; enums
 * are stored by name.
 *
 * @param <T> the record held in the table
 */
public class RecordTable<T extends Record & InventoryItem<T>> {
  private final JdbcClient jdbc;
  private final String table;
  private final Class<T> type;
  private final RecordComponent[] components;
  private final RowMapper<T> mapper;
  private final String insertSql;
  private final String updateSql;

  public RecordTable(JdbcClient jdbc, String table, Class<T> type) {
    this.jdbc = jdbc;
    this.table = table;
    this.type = type;
    this.components = type.getRecordComponents();
    this.mapper = new RecordRowMapper<>(type);
    List<String> fields = Arrays.stream(components).map(RecordComponent::getName)
        .filter(n -> !n.equals("id")).toList();
    this.insertSql = "INSERT INTO " + table + " ("
        + fields.stream().map(RecordTable::column).collect(Collectors.joining(", "))
        + ") VALUES (" + fields.stream().map(f -> ":" + f).collect(Collectors.joining(", ")) + ")";
    this.updateSql = "UPDATE " + table + " SET "
        + fields.stream().map(f -> column(f) + " = :" + f).collect(Collectors.joining(", "))
        + " WHERE id = :id";
  }

  public String table() {
    return table;
  }

  public Class<T> type() {
    return type;
  }

  /** Inserts the item (its id is ignored) and returns it with the generated id. */
  public T insert(T item) {
    KeyHolder keys = new GeneratedKeyHolder();
    jdbc.sql(insertSql).paramSource(params(item)).update(keys, "id");
    Number key = keys.getKey();
    if (key == null) {
      throw new IllegalStateException("no generated key for " + table);
    }
    return item.withId(key.longValue());
  }

  /** Updates every column of the row with the item's id; false if there is no such row. */
  public boolean update(T item) {
    return jdbc.sql(updateSql).paramSource(params(item)).update() == 1;
  }

  public Optional<T> find(long id) {
    return jdbc.sql("SELECT * FROM " + table + " WHERE id = :id").param("id", id).query(mapper).optional();
  }

  /** Rows whose {@code field} equals {@code value}, in id order. */
  public List<T> findBy(String field, Object value) {
    return jdbc.sql("SELECT * FROM " + table + " WHERE " + column(checkedField(field)) + " = :v ORDER BY id")
        .param("v", value instanceof Enum<?> e ? e.name() : value).query(mapper).list();
  }

  public Optional<T> findOneBy(String field, Object value) {
    List<T> rows = findBy(field, value);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  public List<T> findAll() {
    return jdbc.sql("SELECT * FROM " + table + " ORDER BY id").query(mapper).list();
  }

  /** A page of rows in id order, after {@code afterId}. */
  public List<T> page(long afterId, int limit) {
    return jdbc.sql("SELECT * FROM " + table + " WHERE id > :after ORDER BY id LIMIT :limit")
        .param("after", afterId).param("limit", limit).query(mapper).list();
  }

  public boolean exists(long id) {
    return jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE id = :id").param("id", id)
        .query(Long.class).single() > 0;
  }

  public boolean delete(long id) {
    return jdbc.sql("DELETE FROM " + table + " WHERE id = :id").param("id", id).update() == 1;
  }

  /** How many rows have {@code field} equal to {@code value}. */
  public long countBy(String field, Object value) {
    return jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE " + column(checkedField(field)) + " = :v")
        .param("v", value instanceof Enum<?> e ? e.name() : value).query(Long.class).single();
  }

  public long count() {
    return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
  }

  private String checkedField(String field) {
    for (RecordComponent c : components) {
      if (c.getName().equals(field)) {
        return field;
      }
    }
    throw new IllegalArgumentException(type.getSimpleName() + " has no field " + field);
  }

  private MapSqlParameterSource params(T item) {
    MapSqlParameterSource source = new MapSqlParameterSource();
    for (RecordComponent c : components) {
      Object value;
      try {
        value = c.getAccessor().invoke(item);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read " + c.getName() + " of " + type.getSimpleName(), e);
      }
      source.addValue(c.getName(), value instanceof Enum<?> e ? e.name() : value);
    }
    return source;
  }

  /** {@code memoryMb} → {@code memory_mb}. */
  static String column(String field) {
    List<String> parts = new ArrayList<>();
    StringBuilder sb = new StringBuilder();
    for (char ch : field.toCharArray()) {
      if (Character.isUpperCase(ch)) {
        parts.add(sb.toString());
        sb.setLength(0);
        sb.append(Character.toLowerCase(ch));
      } else {
        sb.append(ch);
      }
    }
    parts.add(sb.toString());
    return String.join("_", parts);
  }
}
