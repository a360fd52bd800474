package org.elasticcloud.core.inventory;

/** A field of an item that points to another item: {@code switchId} → a {@link NetworkSwitch}. */
public record Reference(String field, Class<? extends InventoryItem<?>> type, Long id) {
}
