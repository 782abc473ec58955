package io.daifa.store;

import java.util.UUID;
import org.apache.pekko.persistence.PersistentRepr;

/**
 * An event in the intake log: what its copy writes to the journal, the timestamp it keeps there,
 * the log's slot it was written to (-1 for one read from another writer's log), and the bytes the
 * log encoded it to, for the copy to write again (null for one read back: its bytes may be of an
 * older format than the copy would write).
 */
record LoggedEvent(PersistentRepr repr, UUID timestamp, long slot, byte[] encoded) {}
