/** The config center's model: versioned configuration sets and their rules. */
package org.elasticcloud.core.config;
