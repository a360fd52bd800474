package org.elasticcloud.webapp.api;

import java.net.URI;
import java.util.List;
import org.elasticcloud.core.inventory.InventoryItem;
import org.elasticcloud.core.inventory.InventoryRules;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.db.RecordTable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Create, list, get, update and delete for one kind of inventory item. Every write is validated
 * (fields, then references) before anything is stored, so a rejected request changes nothing.
 *
 * @param <T> the item
 */
public abstract class InventoryController<T extends Record & InventoryItem<T>> {
  public static final int MAX_PAGE = 500;

  protected final Inventory inventory;
  protected final RecordTable<T> table;
  private final String what;

  protected InventoryController(Inventory inventory, Class<T> type, String what) {
    this.inventory = inventory;
    this.table = inventory.table(type);
    this.what = what;
  }

  /** Items in id order: {@code afterId} and {@code limit} walk through large inventories. */
  @GetMapping
  public List<T> list(@RequestParam(defaultValue = "0") long afterId,
      @RequestParam(defaultValue = "100") int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new org.elasticcloud.core.validation.ValidationException("limit", "must be between 1 and " + MAX_PAGE);
    }
    return table.page(afterId, limit);
  }

  @GetMapping("/{id}")
  public T get(@PathVariable long id) {
    return table.find(id).orElseThrow(() -> new NotFoundException(what, id));
  }

  @PostMapping
  public ResponseEntity<?> create(@RequestBody T body) {
    T item = prepareCreate(body.withId(null));
    InventoryRules.validate(item, inventory);
    T stored = table.insert(item);
    URI location = ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").buildAndExpand(stored.id()).toUri();
    return ResponseEntity.created(location).body(stored);
  }

  @PutMapping("/{id}")
  public T update(@PathVariable long id, @RequestBody T body) {
    T existing = get(id);
    T item = prepareUpdate(existing, body.withId(id));
    InventoryRules.validate(item, inventory);
    if (!table.update(item)) {
      throw new NotFoundException(what, id);
    }
    return item;
  }

  @DeleteMapping("/{id}")
  public ResponseEntity<Void> delete(@PathVariable long id) {
    if (!table.delete(id)) {
      throw new NotFoundException(what, id);
    }
    return ResponseEntity.noContent().build();
  }

  /** Fills fields the client does not choose on create. */
  protected T prepareCreate(T item) {
    return item;
  }

  /** Keeps fields the client may not change on update. */
  protected T prepareUpdate(T existing, T incoming) {
    return incoming;
  }
}
