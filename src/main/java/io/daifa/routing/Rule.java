package io.daifa.routing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One allocation rule of a shop: the supplier its lines go to, the bound suppliers to try in turn
 * when that one rejects a line, and what routing records for each line it decides.
 *
 * <p>Snapshots from before rules had backups and times stored a rule as its supplier ID alone;
 * {@link Reader} still reads that form, as a rule with no backups and no decision, which the table
 * completes with its kind ({@link AllocationTable}).
 */
@JsonDeserialize(using = Rule.Reader.class)
public record Rule(String supplierId, List<String> backups, RouteDecision decision) {

  /** More backups than this is a list nobody maintains; each one is tried in turn. */
  public static final int MAX_BACKUPS = 5;

  public Rule {
    Objects.requireNonNull(supplierId, "supplierId");
    backups = backups == null ? List.of() : List.copyOf(backups);
  }

  public static Rule of(String supplierId, List<String> backups, RuleKind kind, Instant setAt) {
    return new Rule(supplierId, backups, new RouteDecision(kind, setAt));
  }

  /** The suppliers in the order they are tried: the rule's own, then its backups. */
  public List<String> chain() {
    List<String> chain = new ArrayList<>(1 + backups.size());
    chain.add(supplierId);
    chain.addAll(backups);
    return chain;
  }

  /** This rule as the table holds it: with its decision, of {@code kind} if it had none. */
  Rule completed(RuleKind kind) {
    return decision != null ? this : new Rule(supplierId, backups, new RouteDecision(kind, null));
  }

  /** This rule without {@code supplier} among its backups (which was unbound). */
  Rule withoutBackup(String supplier) {
    if (!backups.contains(supplier)) {
      return this;
    }
    List<String> kept = new ArrayList<>(backups);
    kept.remove(supplier);
    return new Rule(supplierId, kept, decision);
  }

  /** Reads a rule, or a bare supplier ID as snapshots from before rules had terms stored it. */
  static final class Reader extends StdDeserializer<Rule> {

    Reader() {
      super(Rule.class);
    }

    @Override
    public Rule deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      JsonNode node = parser.getCodec().readTree(parser);
      if (node.isTextual()) {
        return new Rule(node.asText(), List.of(), null);
      }
      List<String> backups = new ArrayList<>();
      node.path("backups").forEach(b -> backups.add(b.asText()));
      JsonNode decision = node.path("decision");
      RouteDecision read = null;
      if (decision.isObject()) {
        JsonNode setAt = decision.path("setAt");
        read =
            new RouteDecision(
                RuleKind.valueOf(decision.path("kind").asText()),
                setAt.isNull() || setAt.isMissingNode()
                    ? null
                    : context.readTreeAsValue(setAt, Instant.class));
      }
      return new Rule(node.path("supplierId").asText(), backups, read);
    }
  }
}
