package io.daifa.it;

import static io.daifa.it.Calls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.daifa.client.ApiException;
import io.daifa.client.api.AllocationApi;
import io.daifa.client.api.BindingApi;
import io.daifa.client.api.MarketApi;
import io.daifa.client.api.OrdersApi;
import io.daifa.client.api.SettlementsApi;
import io.daifa.client.api.StatsApi;
import io.daifa.client.model.ListingRequest;
import io.daifa.client.model.ListingSku;
import io.daifa.client.model.OrderReceipt;
import io.daifa.client.model.OrderView;
import io.daifa.client.model.OrderViewLine;
import io.daifa.client.model.Pick;
import io.daifa.client.model.PickRequest;
import io.daifa.client.model.Product;
import io.daifa.client.model.ProductUpdate;
import io.daifa.client.model.ProductsPage;
import io.daifa.client.model.SettlementRequest;
import io.daifa.client.model.SettlementSummary;
import io.daifa.client.model.ShopStats;
import io.daifa.client.model.ShopSupplier;
import io.daifa.client.model.SupplierStats;
import io.daifa.it.Accounts.Account;
import io.daifa.it.ApiClient.Answer;
import io.daifa.market.QrDecoding;
import java.io.ByteArrayInputStream;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The product market on a real router and Cassandra (SPEC §9): suppliers and the platform list,
 * shops browse, pick (bound and routed at once), sell, share and withdraw; every node's index
 * follows the listings through the market tag. It speaks through the client generated from {@code
 * openapi.yaml}; the poster (PNG), the settlement's CSV and a query parameter the document does not
 * have go through the plain client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MarketIT {

  private static final String ADMIN = HttpTestServer.ADMIN;

  private HttpTestServer server;
  private Accounts accounts;

  @BeforeAll
  void start() throws Exception {
    Map<String, Object> config = HttpTestServer.config("market");
    config.put("daifa.entities.sales-tally-every", "300ms");
    server = new HttpTestServer(config, new ShiftedClock());
    accounts = new Accounts(server);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private MarketApi market(String key) {
    return new MarketApi(server.client(key));
  }

  private static ListingRequest listing(
      String spu, String title, String category, long price, int rate) {
    return new ListingRequest()
        .spuId(spu)
        .title(title)
        .category(category)
        .price(price)
        .commissionRateBp(rate)
        .sourcePlatform("SUPPLIER")
        .addSkusItem(new ListingSku().skuId(spu + "-red").price(price));
  }

  private String list(String key, ListingRequest listing) {
    return call(() -> market(key).listMarketProduct(listing)).getProductId();
  }

  /** A search with the parameters the test sets; the others left out. */
  private static final class Search {
    String category;
    String sourcePlatform;
    Integer minCommissionRateBp;
    Long maxPrice;
    String q;
    String sort;
    String after;
    Integer limit;
  }

  private ProductsPage search(String key, Consumer<Search> parameters) {
    return call(() -> trySearch(key, parameters));
  }

  private ProductsPage trySearch(String key, Consumer<Search> parameters) throws ApiException {
    Search s = new Search();
    parameters.accept(s);
    return market(key)
        .searchMarketProducts(
            s.category,
            s.sourcePlatform,
            s.minCommissionRateBp,
            null,
            null,
            s.maxPrice,
            null,
            s.q,
            s.sort,
            s.after,
            s.limit);
  }

  private static List<String> spus(ProductsPage page) {
    return page.getProducts().stream().map(Product::getSpuId).toList();
  }

  private Pick pick(Account shop, String productId) {
    return call(() -> tryPick(shop, productId));
  }

  private Pick tryPick(Account shop, String productId) throws ApiException {
    return market(shop.key()).pickProduct(shop.id(), new PickRequest().productId(productId));
  }

  private List<Pick> picks(Account shop) {
    return call(() -> market(shop.key()).listPicks(shop.id())).getPicks();
  }

  private OrderView order(Account shop, String orderId) {
    OrdersApi orders = new OrdersApi(server.client(shop.key()));
    return Calls.eventually(() -> orders.getOrder(orderId, null), view -> true);
  }

  /** First: it browses the whole market, which the other test adds to. */
  @Test
  @Order(1)
  void shouldListBrowsePickRouteShareAndWithdraw() throws Exception {
    Account supplier = accounts.supplier("Co");
    Account platformSupplier = accounts.supplier("Co");
    Account shop = accounts.shop("茶馆");
    String tea = list(supplier.key(), listing("tea-1", "西湖龙井 明前茶 250g", "food", 25_800, 1_000));
    String mug = list(supplier.key(), listing("mug-1", "Ceramic Tea Mug", "home", 3_900, 2_000));
    String jd =
        list(
            ADMIN,
            new ListingRequest()
                .spuId("jd-88")
                .title("京东 保温杯")
                .category("home")
                .price(9_900L)
                .commissionRateBp(800)
                .sourcePlatform("JD")
                .supplierId(platformSupplier.id()));
    assertTrue(jd.startsWith("prd_") && !jd.equals(tea) && !jd.equals(mug));
    assertEquals(
        tea,
        list(supplier.key(), listing("tea-1", "西湖龙井 明前茶 250g", "food", 25_800, 1_000)),
        "a retried listing is answered as the first");

    // Every account browses; the index shows the listings a moment later.
    ProductsPage all =
        Calls.eventually(
            () ->
                market(shop.key())
                    .searchMarketProducts(
                        null, null, null, null, null, null, null, null, "price", null, null),
            page -> page.getProducts().size() >= 3);
    assertEquals(List.of("mug-1", "jd-88", "tea-1"), spus(all));
    assertEquals(2_580, all.getProducts().get(2).getCommissionPerUnit());
    assertEquals(List.of("tea-1"), spus(search(shop.key(), s -> s.q = "龙井")));
    assertEquals(List.of("jd-88"), spus(search(supplier.key(), s -> s.sourcePlatform = "JD")));
    assertEquals(
        List.of("mug-1"),
        spus(
            search(
                shop.key(),
                s -> {
                  s.category = "home";
                  s.minCommissionRateBp = 1_500;
                })));
    ProductsPage first =
        search(
            shop.key(),
            s -> {
              s.sort = "commission";
              s.limit = 2;
            });
    assertEquals(List.of("tea-1", "jd-88"), spus(first), "2,580 and 792 fen per unit");
    ProductsPage second =
        search(
            shop.key(),
            s -> {
              s.sort = "commission";
              s.limit = 2;
              s.after = first.getNext();
            });
    assertEquals(List.of("mug-1"), spus(second));
    assertNull(second.getNext());
    assertTrue(
        call(() -> market(shop.key()).listMarketCategories()).getCategories().stream()
            .anyMatch(c -> c.getName().contains("服饰内衣")));

    // The pick binds and routes at once; an order of the SPU goes to the supplier.
    assertEquals(2_580, pick(shop, tea).getCommissionPerUnit());
    List<ShopSupplier> bound =
        call(() -> new BindingApi(server.client(shop.key())).listShopSuppliers(shop.id()));
    assertEquals(ShopSupplier.ViaEnum.MARKET_PICK, bound.get(0).getVia());
    OrderReceipt receipt =
        call(
            () ->
                Fulfilment.orders(server)
                    .createOrder(OrderBodies.model("m-1", shop.id(), "tea-1", "other")));
    assertEquals(supplier.id(), receipt.getDropshipOrders().get(0).getSupplierId());
    OrderView view = order(shop, "m-1");
    assertEquals(1_000, view.getLines().get(0).getCommissionRateBp());
    assertNull(view.getLines().get(1).getCommissionRateBp(), "not a market line");
    assertEquals(tea, picks(shop).get(0).getProductId());
    assertTrue(picks(shop).get(0).getListed());

    // Its sales reach the market: two units of tea-1.
    Calls.eventually(
        () ->
            market(shop.key())
                .searchMarketProducts(
                    null, null, null, null, null, null, null, "龙井", null, null, null),
        page -> page.getProducts().get(0).getSales() == 2);
    assertEquals(
        List.of("tea-1"),
        spus(
            search(
                shop.key(),
                s -> {
                  s.sort = "sales";
                  s.limit = 1;
                })),
        "the best seller first");

    // The poster carries the shop's product link as a QR code (a PNG: the plain client).
    Answer poster =
        server.api.get(
            "/v1/shops/" + shop.id() + "/market-picks/" + tea + "/poster.png", shop.key());
    assertEquals(200, poster.status());
    assertEquals("image/png", poster.contentType());
    var image = ImageIO.read(new ByteArrayInputStream(poster.raw().body()));
    String link = QrDecoding.decode(image);
    assertTrue(link.endsWith("/shops/" + shop.id() + "/products/" + tea), link);

    // Figures of the month, for the shop and the supplier.
    ShopStats shopStats =
        call(() -> new StatsApi(server.client(shop.key())).getShopStats(shop.id(), "2026-11"));
    assertEquals(2 * 19_800, shopStats.getGmv());
    assertEquals(19_800, shopStats.getBySupplier().get(supplier.id()));
    assertEquals(19_800, shopStats.getUnallocated());
    SupplierStats supplierStats =
        call(() -> new StatsApi(server.client(ADMIN)).getSupplierStats(supplier.id(), "2026-11"));
    assertEquals(19_800, supplierStats.getGmv());
    assertEquals(2, supplierStats.getUnits());

    // Shipped and received in November, settled on the cycle: the shop earns 10 % of the line's
    // settlement base (19,800 paid + 500 influencer discount), shown in the summary and its CSV.
    Fulfilment.deliver(server, supplier, "m-1", OffsetDateTime.parse("2026-11-15T10:00:00+08:00"));
    Fulfilment.awaitLines(server, "m-1", OrderViewLine.StatusEnum.RECEIVED, 1);
    SettlementSummary settled =
        call(
            () ->
                new SettlementsApi(server.client(ADMIN))
                    .runSettlement(new SettlementRequest().cycle("2026-11")));
    assertEquals(2_030, settled.getCommission(), settled.toString());
    String shopsCsv = server.api.get("/v1/settlements/2026-11/shops.csv", ADMIN).body();
    assertTrue(
        shopsCsv.startsWith(
            "cycle,shopId,settledLines,base,paymentFee,serviceFee,net,commission,clawedCommission\n"),
        shopsCsv);
    assertTrue(shopsCsv.contains(shop.id() + ",1,20300,"), shopsCsv);
    assertTrue(shopsCsv.contains(",2030,0\n"), shopsCsv);

    // Delisted: the pick still routes orders; a new pick is refused; the market no longer shows it.
    call(
        () -> {
          market(supplier.key()).delistMarketProduct(tea);
          return null;
        });
    OrderReceipt late =
        call(
            () ->
                Fulfilment.orders(server)
                    .createOrder(OrderBodies.model("m-2", shop.id(), "tea-1")));
    assertEquals(supplier.id(), late.getDropshipOrders().get(0).getSupplierId());
    Account other = accounts.shop("Other");
    Calls.refused(409, "PRODUCT_DELISTED", () -> tryPick(other, tea));
    Calls.eventually(
        () ->
            market(shop.key())
                .searchMarketProducts(
                    null, null, null, null, null, null, null, "龙井", null, null, null),
        page -> page.getProducts().isEmpty());
    assertFalse(picks(shop).get(0).getListed());

    // Removing the pick removes the route.
    call(
        () -> {
          market(shop.key()).removePick(shop.id(), tea);
          return null;
        });
    assertNull(
        call(() -> new AllocationApi(server.client(shop.key())).getAllocation(shop.id()))
            .getProductRoutes()
            .get("tea-1"));
  }

  @Test
  @Order(2)
  void shouldKeepTheModesExclusiveAndRefuseBadListingsByField() {
    Account supplier = accounts.supplier("Co");
    Account whole = accounts.supplier("Co");
    Account shop = accounts.shop("Whole");
    String cup = list(supplier.key(), listing("cup-1", "Cup", "home", 1_000, 100));
    accounts.bind(shop, whole);
    accounts.wholeShop(shop, whole);
    var conflict = Calls.refused(409, "MODE_CONFLICT", () -> tryPick(shop, cup));
    assertTrue(conflict.getDetail().contains("WHOLE_SHOP"), conflict.toString());

    record Bad(String key, ListingRequest listing, int status, String field) {}
    for (Bad bad :
        List.of(
            new Bad(supplier.key(), listing("x-1", "X", "weapons", 100, 0), 422, "category"),
            new Bad(supplier.key(), listing("x-1", "X", "home", 0, 0), 422, "price"),
            new Bad(
                supplier.key(), listing("x-1", "X", "home", 100, 9_001), 422, "commissionRateBp"),
            new Bad(supplier.key(), listing("x-1", "a\u0007b", "home", 100, 0), 422, "title"),
            new Bad(supplier.key(), listing(null, "X", "home", 100, 0), 422, "spuId"),
            new Bad(
                supplier.key(),
                listing("x-1", "X", "home", 100, 0).sourcePlatform("TAOBAO"),
                422,
                "sourcePlatform"),
            new Bad(
                supplier.key(),
                listing("x-1", "X", "home", 100, 0).supplierId(whole.id()),
                403,
                "supplierId"),
            new Bad(shop.key(), listing("x-1", "X", "home", 100, 0), 403, null),
            new Bad(ADMIN, listing("x-1", "X", "home", 100, 0), 422, "supplierId"))) {
      var problem =
          Calls.refused(
              bad.status(),
              bad.status() == 403 ? "FORBIDDEN" : "VALIDATION",
              () -> market(bad.key()).listMarketProduct(bad.listing()));
      assertEquals(bad.field(), problem.getField(), bad + " -> " + problem);
    }
    assertEquals(
        "sort",
        Calls.refused(422, "VALIDATION", () -> trySearch(shop.key(), s -> s.sort = "rating"))
            .getField());
    assertEquals(
        "maxPrice",
        Calls.refused(422, "VALIDATION", () -> trySearch(shop.key(), s -> s.maxPrice = -1L))
            .getField());
    // A parameter the document does not have: only the plain client can send it.
    assertEquals(
        "colour", server.api.get("/v1/market/products?colour=red", shop.key()).text("field"));
    Calls.refused(
        403,
        "FORBIDDEN",
        () -> market(whole.key()).updateMarketProduct(cup, new ProductUpdate().price(5L)));
    Product changed =
        call(
            () -> market(supplier.key()).updateMarketProduct(cup, new ProductUpdate().price(900L)));
    assertEquals(900, changed.getPrice());

    // A shop that picked the cup hears of its new commission rate; its later orders carry it.
    Account picker = accounts.shop("Picker");
    pick(picker, cup);
    call(
        () ->
            market(supplier.key())
                .updateMarketProduct(cup, new ProductUpdate().commissionRateBp(500)));
    Calls.eventually(
        () -> market(picker.key()).listPicks(picker.id()),
        picks -> picks.getPicks().get(0).getCommissionRateBp() == 500);
    Fulfilment.place(server, OrderBodies.model("c-1", picker.id(), "cup-1"));
    Calls.eventually(
        () -> Fulfilment.orders(server).getOrder("c-1", null),
        view -> Integer.valueOf(500).equals(view.getLines().get(0).getCommissionRateBp()));
    assertEquals(
        "productId",
        Calls.refused(422, "VALIDATION", () -> market(shop.key()).getMarketProduct("not-a-product"))
            .getField());
  }
}
