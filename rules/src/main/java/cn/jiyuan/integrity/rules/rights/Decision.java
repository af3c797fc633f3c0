package cn.jiyuan.integrity.rules.rights;

/** The answer to "may this caller do this?": allowed, or denied with a reason fit to show the caller. */
public record Decision(boolean allowed, String reason) {

    public static final Decision ALLOW = new Decision(true, null);

    public static Decision deny(String reason) {
        return new Decision(false, reason);
    }

    public boolean denied() {
        return !allowed;
    }
}
