package io.daifa.store;

import java.util.UUID;
import org.apache.pekko.persistence.PersistentRepr;

/**
 * An event in the intake log: what its copy writes to the journal, the timestamp it keeps there,
 * and the log's slot it was written to (-1 for one read from another writer's log).
 */
record LoggedEvent(PersistentRepr repr, UUID timestamp, long slot) {}
