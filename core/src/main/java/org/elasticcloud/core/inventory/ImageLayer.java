package org.elasticcloud.core.inventory;

/** The seed's three-layer image model. */
public enum ImageLayer {
  OS, BASE, APPLICATION
}
