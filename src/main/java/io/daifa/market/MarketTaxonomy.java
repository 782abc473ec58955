package io.daifa.market;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The market's categories and source platforms, from {@code conf/market.conf} (or the file
 * configured): what a listing may name, and what {@code GET /v1/market/categories} shows.
 */
public record MarketTaxonomy(List<Entry> categories, List<Entry> sourcePlatforms) {

  /** An ID that listings and filters use, and the name people read. */
  public record Entry(String id, String name) {}

  public MarketTaxonomy {
    categories = List.copyOf(categories);
    sourcePlatforms = List.copyOf(sourcePlatforms);
  }

  public static MarketTaxonomy load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("the market file " + file + " does not exist");
    }
    return parse(ConfigFactory.parseFile(file.toFile()).resolve());
  }

  static MarketTaxonomy parse(Config root) {
    Config market = root.getConfig("daifa.market");
    return new MarketTaxonomy(entries(market, "categories"), entries(market, "source-platforms"));
  }

  private static List<Entry> entries(Config market, String path) {
    Map<String, Entry> byId = new LinkedHashMap<>();
    for (Config entry : market.getConfigList(path)) {
      String id = entry.getString("id");
      if (byId.put(id, new Entry(id, entry.getString("name"))) != null) {
        throw new IllegalStateException("daifa.market." + path + " names " + id + " twice");
      }
    }
    if (byId.isEmpty()) {
      throw new IllegalStateException("daifa.market." + path + " is empty");
    }
    return new ArrayList<>(byId.values());
  }

  public boolean isCategory(String id) {
    return categories.stream().anyMatch(c -> c.id().equals(id));
  }

  public boolean isSourcePlatform(String id) {
    return sourcePlatforms.stream().anyMatch(p -> p.id().equals(id));
  }
}
