package org.onboarding.provisioning.batch;

import org.jboss.resteasy.reactive.RestResponse;
import org.onboarding.provisioning.api.Paging;
import org.onboarding.provisioning.api.Problems;
import org.onboarding.provisioning.item.ItemCursor;
import org.onboarding.provisioning.item.ItemQuery;
import org.onboarding.provisioning.item.ProvisioningItem;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Keyset paging of the items list, added beside the contract's offset paging without touching its bare-array body:
 * the next page's address travels in headers (README "Lists and paging").
 */
final class ItemPages {

    static final String LINK = "Link";
    static final String NEXT_CURSOR = "X-Next-Cursor";

    private ItemPages() {
    }

    /** The {@code cursor} parameter, or null without one; a bad one, or one with a {@code skip}, is a 422. */
    static ItemCursor cursor(Problems problems, String raw, Paging.Page page) {
        if (raw == null) {
            return null;
        }
        ItemCursor cursor = ItemCursor.parse(raw).orElse(null);
        if (cursor == null) {
            problems.valueError(List.of("query", "cursor"), raw, "not a cursor of this list (use the X-Next-Cursor "
                    + "of a previous page)");
        } else if (page.skip() > 0) {
            problems.valueError(List.of("query", "skip"), String.valueOf(page.skip()), "skip cannot be combined "
                    + "with cursor (the cursor already says where the page starts)");
        }
        return cursor;
    }

    /**
     * The page, and on a full page the next one's cursor: in {@code X-Next-Cursor} and as a {@code Link} relative to
     * this request (a query-only reference keeps whatever path the client used, through the gateway or the base
     * path). A page shorter than its limit is the last.
     */
    static RestResponse<List<ProvisioningItem>> response(ItemQuery query, List<ProvisioningItem> items) {
        if (items.isEmpty() || items.size() < query.limit()) {
            return RestResponse.ok(items);
        }
        String next = ItemCursor.after(items.get(items.size() - 1)).token();
        StringBuilder link = new StringBuilder("<?cursor=").append(next).append("&limit=").append(query.limit());
        if (query.status() != null) {
            link.append("&prov_status=").append(encode(query.status().apiName()));
        }
        if (query.domain() != null) {
            link.append("&domain=").append(encode(query.domain()));
        }
        link.append(">; rel=\"next\"");
        return RestResponse.ResponseBuilder.ok(items).header(NEXT_CURSOR, next).header(LINK, link.toString()).build();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
