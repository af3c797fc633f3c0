package cn.jiyuan.integrity.rules.rights;

import cn.jiyuan.integrity.rules.catalog.Catalog;
import cn.jiyuan.integrity.rules.catalog.Indicator;
import java.util.ArrayList;
import java.util.List;

/** The rights of SCORING.md §1, §3, §6 and §7, and API.md, over one catalog version. */
public final class Rights {

    private final Catalog catalog;

    public Rights(Catalog catalog) {
        this.catalog = catalog;
    }

    /**
     * 第三条: a provider reports only the indicators it is listed for; 7.2 and 7.4 are reported by the unit about
     * itself (SCORING.md §3 reading).
     */
    public Decision submitFact(Caller caller, Indicator indicator, String unitId) {
        if (indicator.selfReported()) {
            if (!caller.has(Role.UNIT)) {
                return Decision.deny("indicator " + indicator.code() + " is reported by the unit itself (role UNIT)");
            }
            if (!caller.org().equals(unitId)) {
                return Decision.deny("indicator " + indicator.code() + " is self-reported: " + caller.org()
                        + " may report it only about itself, not about " + unitId);
            }
            return Decision.ALLOW;
        }
        if (!caller.has(Role.PROVIDER)) {
            return Decision.deny("reporting indicator " + indicator.code() + " needs role PROVIDER");
        }
        if (!indicator.providers().contains(caller.org())) {
            return Decision.deny(caller.org() + " is not a provider of indicator " + indicator.code() + " (providers: "
                    + String.join(", ", indicator.providers().stream().sorted().toList()) + ")");
        }
        return Decision.ALLOW;
    }

    /**
     * Whether {@code caller} may report facts at all — before the fact's indicator is known (a request whose indicator
     * is missing or unknown is then refused as invalid, not as forbidden).
     */
    public Decision reportFacts(Caller caller) {
        return caller.has(Role.PROVIDER) || caller.has(Role.UNIT)
                ? Decision.ALLOW
                : Decision.deny("reporting facts needs role PROVIDER or UNIT");
    }

    /**
     * 第十条: a consumer states the purpose of every read (one of {@link Purpose}); others may, and need not.
     * Whether {@code caller} must name one.
     */
    public boolean needsPurpose(Caller caller) {
        return caller.has(Role.CONSUMER);
    }

    /**
     * Which objections {@code caller} lists (SCORING.md §7.6): every one (the credit office), those by or addressed to
     * its org (a unit or a provider), or none.
     */
    public ObjectionScope listObjections(Caller caller) {
        if (readsAllObjections(caller)) {
            return ObjectionScope.ALL;
        }
        return caller.has(Role.UNIT) || caller.has(Role.PROVIDER) ? ObjectionScope.OWN_ORG : ObjectionScope.NONE;
    }

    /** 第九条: debtor listings come from the courts only. */
    public Decision submitDebtorListing(Caller caller) {
        if (!caller.has(Role.PROVIDER) || !catalog.debtorListingProviders().contains(caller.org())) {
            return Decision.deny("debtor listings are submitted by the courts only ("
                    + String.join(
                            ", ",
                            catalog.debtorListingProviders().stream().sorted().toList())
                    + ") with role PROVIDER");
        }
        return Decision.ALLOW;
    }

    /** Units are registered by the credit office. */
    public Decision registerUnit(Caller caller) {
        return creditOffice(caller, "registering units");
    }

    /** 第十四条: a unit objects only to its own facts. */
    public Decision fileObjection(Caller caller, String factUnitId) {
        if (!caller.has(Role.UNIT)) {
            return Decision.deny("filing an objection needs role UNIT");
        }
        if (!caller.org().equals(factUnitId)) {
            return Decision.deny(caller.org() + " may object only to its own facts");
        }
        return Decision.ALLOW;
    }

    /**
     * 第十四条: the provider of the disputed fact decides, in its role as provider (role PROVIDER) — a unit token of
     * the same org does not. A self-reported fact (7.2, 7.4) was provided by the unit itself, in its role UNIT.
     */
    public Decision decideObjection(Caller caller, String providerOrg, String indicator) {
        Role providing =
                catalog.indicator(indicator).map(Indicator::selfReported).orElse(false) ? Role.UNIT : Role.PROVIDER;
        if (!caller.has(providing) || !caller.org().equals(providerOrg)) {
            return Decision.deny(
                    "only the fact's provider " + providerOrg + " (role " + providing + ") decides this objection");
        }
        return Decision.ALLOW;
    }

    /**
     * SCORING.md §7.5: a provider asks to delete or amend one of its own facts (acting as the fact's provider, as when it
     * decides an objection); the credit office reviews the request.
     */
    public Decision requestCorrection(Caller caller, String providerOrg, String indicator) {
        Role providing =
                catalog.indicator(indicator).map(Indicator::selfReported).orElse(false) ? Role.UNIT : Role.PROVIDER;
        if (!caller.has(providing) || !caller.org().equals(providerOrg)) {
            return Decision.deny("only the fact's provider " + providerOrg + " (role " + providing
                    + ") asks to correct it; the credit office corrects any fact itself");
        }
        return Decision.ALLOW;
    }

    /** SCORING.md §7.5: the credit office corrects any fact itself (依职权更正), with a stated reason. */
    public boolean correctsExOfficio(Caller caller) {
        return creditOffice(caller, "").allowed();
    }

    /** 第十四条: the credit office reviews a proposed remedy. */
    public Decision reviewObjection(Caller caller) {
        return creditOffice(caller, "reviewing remedies");
    }

    /**
     * API.md: an objection is read by the unit it concerns, by the provider it is addressed to, and by the credit
     * office.
     */
    public Decision readObjection(Caller caller, String unitId, String providerOrg) {
        if (creditOffice(caller, "").allowed()) {
            return Decision.ALLOW;
        }
        if (caller.has(Role.UNIT) && caller.org().equals(unitId)) {
            return Decision.ALLOW;
        }
        if (caller.has(Role.PROVIDER) && caller.org().equals(providerOrg)) {
            return Decision.ALLOW;
        }
        return Decision.deny(caller.org() + " may read only objections by itself or addressed to it");
    }

    /** Whether {@code caller} reads every objection (the credit office), not only its own and those addressed to it. */
    public boolean readsAllObjections(Caller caller) {
        return creditOffice(caller, "").allowed();
    }

    /** SCORING.md §7.6: a unit's score is read by the unit itself, the credit office and consumers — not providers. */
    public Decision readScore(Caller caller, String unitId) {
        if (readsAllUnits(caller) || (caller.has(Role.UNIT) && caller.org().equals(unitId))) {
            return Decision.ALLOW;
        }
        return Decision.deny(caller.org() + " may not read the score of unit " + unitId
                + " (a unit reads only its own; providers read the facts they provided, not scores)");
    }

    /**
     * SCORING.md §7.6: which of a unit's facts {@code caller} reads — all of them (the unit itself, the credit office,
     * consumers), those it provided (a provider, role PROVIDER), or none.
     */
    public FactScope readFacts(Caller caller, String unitId) {
        if (readsAllUnits(caller) || (caller.has(Role.UNIT) && caller.org().equals(unitId))) {
            return FactScope.ALL;
        }
        return caller.has(Role.PROVIDER) ? FactScope.PROVIDED_BY_CALLER : FactScope.NONE;
    }

    /** Whether {@code caller} reads one fact of {@code unitId} provided by {@code providerOrg} (§7.6). */
    public boolean readsFact(Caller caller, String unitId, String providerOrg) {
        return switch (readFacts(caller, unitId)) {
            case ALL -> true;
            case PROVIDED_BY_CALLER -> caller.org().equals(providerOrg);
            case NONE -> false;
        };
    }

    /**
     * API.md §Masking: names in a fact are shown in clear to the credit office and to the fact's provider acting as
     * provider (role PROVIDER, or UNIT for a fact the unit reported about itself) — to no other role of either org.
     */
    public boolean readsNamesInClear(Caller caller, String providerOrg, String unitId) {
        if (creditOffice(caller, "").allowed()) {
            return true;
        }
        if (!caller.org().equals(providerOrg)) {
            return false;
        }
        return caller.has(Role.PROVIDER) || (providerOrg.equals(unitId) && caller.has(Role.UNIT));
    }

    /** Rankings and the grade-change stream cover every unit: for the credit office and consumers. */
    public Decision readAllUnits(Caller caller) {
        return readsAllUnits(caller)
                ? Decision.ALLOW
                : Decision.deny("reading every unit is for the credit office and consumers (role CONSUMER)");
    }

    /** The audit log (第十三条 evidence) is read by the credit office. */
    public Decision readAudit(Caller caller) {
        return creditOffice(caller, "reading the audit log");
    }

    /**
     * Importing history (units, facts with the instant the earlier platform recorded them) is an operator's task when
     * a zone goes live (第五条): no other role may write a recordedAt in the past.
     */
    public Decision importHistory(Caller caller) {
        return caller.has(Role.OPERATOR)
                ? Decision.ALLOW
                : Decision.deny("importing history is for operators (role OPERATOR)");
    }

    /**
     * The data keys of personal data go only to the services that show names (role {@link Role#PERSON_KEYS}); no
     * person's token opens them, the credit office's included — a person reads names through the query service.
     */
    public Decision readPersonKeys(Caller caller) {
        return caller.has(Role.PERSON_KEYS)
                ? Decision.ALLOW
                : Decision.deny("the keys of personal data are for the services that show names (role PERSON_KEYS)");
    }

    /** 第七条: the credit office freezes a year's official result and publishes it (公示). */
    public Decision keepOfficialResults(Caller caller) {
        return creditOffice(caller, "freezing and publishing official results");
    }

    /**
     * An official result before its 公示 is the credit office's alone; once published it is read as scores are (§7.6):
     * every unit by the credit office and consumers, one unit ({@code unitId}, null for all) also by the unit itself.
     */
    public Decision readOfficialResult(Caller caller, boolean published, String unitId) {
        if (creditOffice(caller, "").allowed()) {
            return Decision.ALLOW;
        }
        if (!published) {
            return Decision.deny("an official result is read by others once it is published (公示)");
        }
        return unitId == null ? readAllUnits(caller) : readScore(caller, unitId);
    }

    /**
     * 第十二条: the reports on reporting (late and missing information) — of every provider for the credit office, of
     * itself for a provider (role PROVIDER); {@code providerOrg} null asks for every provider.
     */
    public Decision readReportingReport(Caller caller, String providerOrg) {
        if (creditOffice(caller, "").allowed()) {
            return Decision.ALLOW;
        }
        if (caller.has(Role.PROVIDER) && caller.org().equals(providerOrg)) {
            return Decision.ALLOW;
        }
        return Decision.deny(
                caller.has(Role.PROVIDER)
                        ? caller.org() + " reads the report on its own reporting only (providerOrg=" + caller.org()
                                + ")"
                        : "reports on reporting are for the credit office and, each its own, the providers");
    }

    /**
     * Whose report on reporting a caller means when it names no provider: its own for a provider (role PROVIDER, not
     * the credit office), every provider's (null) otherwise.
     */
    public String ownReportingOrg(Caller caller) {
        return caller.has(Role.PROVIDER) && !creditOffice(caller, "").allowed() ? caller.org() : null;
    }

    /**
     * Whether a version of an official result is listed to {@code caller}: every version to the credit office, the
     * published ones to those who read some unit's line of them (consumers, a unit its own).
     */
    public boolean listsOfficialVersion(Caller caller, boolean published) {
        return creditOffice(caller, "").allowed() || (published && (readsAllUnits(caller) || caller.has(Role.UNIT)));
    }

    /** 第十三条: the credit office keeps the register of who is to consult the results, and reads its report. */
    public Decision keepConsultationRegister(Caller caller) {
        return creditOffice(caller, "the register of consultations (第十三条)");
    }

    /**
     * SCORING.md §2: the working-day calendar and the catalog are data the credit office keeps — it uploads the State
     * Council's notice each year and a revised catalog when the measures change.
     */
    public Decision maintainReferenceData(Caller caller) {
        return creditOffice(caller, "the working-day calendar and the indicator catalog");
    }

    /**
     * Issue 16 §4: the roles in which {@code caller} reads its organisation's notices — as a unit, as a provider, as the
     * credit office (only the credit office's org in that role). Empty: it has no inbox.
     */
    public List<Role> noticeRoles(Caller caller) {
        List<Role> roles = new ArrayList<>();
        if (caller.has(Role.UNIT)) {
            roles.add(Role.UNIT);
        }
        if (caller.has(Role.PROVIDER)) {
            roles.add(Role.PROVIDER);
        }
        if (creditOffice(caller, "").allowed()) {
            roles.add(Role.CREDIT_OFFICE);
        }
        return roles;
    }

    private boolean readsAllUnits(Caller caller) {
        return caller.has(Role.CONSUMER) || creditOffice(caller, "").allowed();
    }

    private Decision creditOffice(Caller caller, String what) {
        if (!caller.has(Role.CREDIT_OFFICE) || !caller.org().equals(catalog.creditOffice())) {
            return Decision.deny(
                    what + " is for the credit office (" + catalog.creditOffice() + ", role CREDIT_OFFICE)");
        }
        return Decision.ALLOW;
    }
}
