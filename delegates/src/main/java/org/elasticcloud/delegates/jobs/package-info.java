/** How the engine treats failed jobs beyond its defaults. */
package org.elasticcloud.delegates.jobs;
