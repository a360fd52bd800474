/**
 * A group's template container and the registrations an operator made for it by hand (database
 * grants, the VIP it joins, monitoring, logging), which every scale-out copies.
 */
package org.elasticcloud.core.template;
