package cn.jiyuan.integrity.query.web;

import cn.jiyuan.integrity.query.official.AnnualResults;
import cn.jiyuan.integrity.query.official.OfficialResults;
import cn.jiyuan.integrity.query.official.ResultVersion;
import cn.jiyuan.integrity.query.web.OfficialResultsController.VersionView;
import cn.jiyuan.integrity.rules.evaluation.ResultStatus;
import cn.jiyuan.integrity.rules.rights.Caller;
import cn.jiyuan.integrity.support.refusals.Refusal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Which version of a year's official result a caller reads, and whether it may: without a version, the latest
 * published one (for the credit office, before any is published, its latest frozen one); an unpublished version is
 * the credit office's alone (the rules' {@code Rights.readOfficialResult}).
 */
@Component
class OfficialReading {

    private final OfficialResults store;
    private final AnnualResults annual;
    private final Access access;

    OfficialReading(OfficialResults store, AnnualResults annual, Access access) {
        this.store = store;
        this.annual = annual;
        this.access = access;
    }

    /** A version the caller may read, with its status. */
    record Resolved(ResultVersion version, ResultStatus status, VersionView view) {}

    Mono<Resolved> resolve(Caller caller, int year, String version, String unitId) {
        Integer wanted = version == null ? null : OfficialResultsController.version(version);
        boolean office = access.rights().keepOfficialResults(caller).allowed();
        return store.versions(year).map(all -> {
            Integer latest = latestPublished(all).get(year);
            ResultVersion chosen;
            if (wanted != null) {
                chosen = all.stream()
                        .filter(v -> v.version() == wanted)
                        .findFirst()
                        .orElseThrow(() -> Refusal.notFound("no version " + wanted + " of " + year + " is frozen"));
            } else if (latest != null) {
                chosen = all.stream()
                        .filter(v -> v.version() == latest)
                        .findFirst()
                        .orElseThrow();
            } else if (office && !all.isEmpty()) {
                chosen = all.get(all.size() - 1);
            } else {
                throw Refusal.notFound("no result of " + year + " is published");
            }
            ResultStatus status = chosen.status(latest, annual.today());
            Access.require(access.rights().readOfficialResult(caller, status.published(), unitId));
            return new Resolved(chosen, status, view(chosen, status));
        });
    }

    static VersionView view(ResultVersion v, ResultStatus status) {
        ResultVersion.Publication p = v.publication();
        return new VersionView(
                v.year(),
                v.version(),
                v.asOf(),
                status,
                v.checksum(),
                v.unitCount(),
                v.catalogVersion(),
                v.frozenAt(),
                v.frozenBy(),
                v.signedOffBy(),
                v.reason(),
                p == null ? null : p.publishedAt(),
                p == null ? null : p.publishedBy(),
                p == null ? null : p.publicityWorkingDays(),
                p == null ? null : p.publicityEndsOn(),
                p == null ? null : p.sentAt() != null);
    }

    static Map<Integer, Integer> latestPublished(List<ResultVersion> versions) {
        return versions.stream()
                .filter(v -> v.publication() != null)
                .collect(Collectors.toMap(ResultVersion::year, ResultVersion::version, Math::max));
    }
}
