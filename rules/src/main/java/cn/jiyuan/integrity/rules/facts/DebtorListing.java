package cn.jiyuan.integrity.rules.facts;

import java.time.Instant;
import java.util.Objects;

/**
 * A court's listing or shielding of a unit in one case. It takes effect from its recordedAt date (第九条: 自归集到平台之日起).
 *
 * @param listingId identifies this record across redeliveries
 */
public record DebtorListing(
        String listingId, String caseNumber, String unitId, DebtorStatus status, Instant recordedAt, String providerOrg)
        implements Fact {

    public DebtorListing {
        Objects.requireNonNull(listingId, "listingId");
        Objects.requireNonNull(caseNumber, "caseNumber");
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(recordedAt, "recordedAt");
    }

    @Override
    public String id() {
        return listingId;
    }
}
